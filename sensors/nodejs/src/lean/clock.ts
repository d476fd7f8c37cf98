import type { TimeInput } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';

const TWO_32 = 4294967296;

/**
 * Span times are kept as `performance.now()` milliseconds (one call, one double per timestamp) and turned into
 * Unix nanoseconds once, at encode time, from an anchor: wall-clock time minus monotonic time. The anchor is
 * re-read by `resync()` (the exporter's timer) and moved only when the wall clock drifted by more than 2 ms (NTP
 * adjustments), so the spans of one trace never shift against each other by Date.now()'s 1 ms jitter.
 */
export interface Clock {
  now: () => number;
  /** any OpenTelemetry TimeInput (HrTime, epoch or performance milliseconds, Date) as performance milliseconds */
  fromInput: (input: TimeInput) => number;
  /** Unix nanoseconds of a performance timestamp, as the low and high 32 bits (fixed64) */
  nanos: (perfMs: number, out: { lo: number; hi: number }) => void;
  resync: () => void;
}

export function createClock(): Clock {
  let anchorMs = 0;
  let anchorLo = 0;
  let anchorHi = 0;
  const setAnchor = (ms: number) => {
    anchorMs = ms;
    // the anchor in whole microseconds: exact as a double, then split into 32-bit halves of nanoseconds
    const us = Math.round(ms * 1000);
    const ns = BigInt(us) * 1000n;
    anchorLo = Number(ns & 0xffffffffn);
    anchorHi = Number(ns >> 32n);
  };
  const wallMinusMonotonic = () => Date.now() - performance.now();
  setAnchor(performance.timeOrigin);
  if (Math.abs(wallMinusMonotonic() - anchorMs) > 2) setAnchor(wallMinusMonotonic());

  return {
    now: () => performance.now(),
    fromInput(input) {
      if (typeof input === 'number') return input <= performance.now() ? input : input - anchorMs;
      if (input instanceof Date) return input.getTime() - anchorMs;
      return input[0] * 1000 - anchorMs + input[1] / 1e6;
    },
    nanos(perfMs, out) {
      const delta = Math.round(perfMs * 1e6);
      if (delta < 0) {
        // before the process started (a caller-supplied time): rare, exact through BigInt
        const ns = BigInt(anchorHi) * 4294967296n + BigInt(anchorLo) + BigInt(delta);
        out.lo = Number(ns & 0xffffffffn);
        out.hi = Number((ns >> 32n) & 0xffffffffn);
        return;
      }
      const dLo = delta % TWO_32;
      const lo = anchorLo + dLo;
      out.lo = lo >>> 0;
      out.hi = (anchorHi + (delta - dLo) / TWO_32 + (lo >= TWO_32 ? 1 : 0)) >>> 0;
    },
    resync() {
      const now = wallMinusMonotonic();
      if (Math.abs(now - anchorMs) > 2) setAnchor(now);
    },
  };
}
