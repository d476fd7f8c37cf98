/**
 * Time limits every item is checked against when it is decoded, before it is acknowledged: an item a table's
 * TTL would drop at once (before the retention window), or whose time ClickHouse cannot store or derive from
 * (past the end of DateTime64, an end time that overflows: `endTimeUnixNano = 2^64 - 1`), is rejected through
 * OTLP `partial_success` with a message, never acknowledged and then refused by the insert.
 */
import { LONGEST_ROLLUP_DAYS } from './metric-rows.js';

export interface TimeLimits {
  /** epoch seconds: items timed before this are rejected (the retention window, plus a minute of margin) */
  minSec: number;
  /** the same for gauge, sum and summary points: the 1-hour metric rollup keeps them LONGEST_ROLLUP_DAYS */
  pointsMinSec: number;
  /** epoch seconds: items timed (or ending) after this are rejected (now + MAX_FUTURE_SECONDS) */
  maxSec: number;
}

/** The last second every time column can hold (the KPI tables' DateTime ends in 2106; DateTime64(9) in 2262). */
export const MAX_STORABLE_SEC = 4_294_967_295;

export const TOO_NEW_SPAN = 'span starts or ends more than a day in the future (a clock or encoding error)';
export const EVENT_OUT_OF_RANGE = 'span event time is out of range';

/** How far in the future a time may be (clock skew between hosts) before the item is refused: one day. */
export const MAX_FUTURE_SECONDS = 86_400;

export function timeLimits(retentionDays: number, nowMs = Date.now(), maxFutureSec = MAX_FUTURE_SECONDS): TimeLimits {
  const now = Math.floor(nowMs / 1000);
  return {
    minSec: now - retentionDays * 86_400 + 60,
    pointsMinSec: now - LONGEST_ROLLUP_DAYS * 86_400 + 60,
    maxSec: now + maxFutureSec,
  };
}

export const NO_LIMITS: TimeLimits = { minSec: -Infinity, pointsMinSec: -Infinity, maxSec: Infinity };
