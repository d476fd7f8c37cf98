import { badRequest } from '../../errors.js';
import { parseRange } from '../../query/params.js';

export type Resolution = '1s' | '1m' | '1h';

export interface KpiRange {
  /** aligned to the resolution, ms since epoch, inclusive */
  from: number;
  /** aligned to the resolution, ms since epoch, exclusive */
  to: number;
  resolution: Resolution;
  stepMs: number;
  seconds: number;
  /** totals over a 1-min range read whole hours [h0, h1) from the 1 h table and only the ends from the 1 min table */
  tiered: boolean;
  h0: number;
  h1: number;
}

const STEP: Record<Resolution, number> = { '1s': 1_000, '1m': 60_000, '1h': 3_600_000 };
const HOUR = 3_600_000;

/**
 * Picks the KPI table for a range: 1 s rows for ranges up to an hour inside the last 6 h (the 1 s table's
 * retention), 1 min up to two days inside 35 days, else 1 h. Bounds are widened to whole steps.
 */
export function kpiRange(q: (k: string) => string | undefined, now = Date.now()): KpiRange {
  const { from, to } = parseRange(q);
  const span = to - from;
  const forced = q('resolution');
  if (forced && !(forced in STEP)) throw badRequest('resolution must be 1s, 1m or 1h', 'INVALID_PARAM');
  const resolution: Resolution =
    (forced as Resolution | undefined) ??
    (span <= HOUR && from >= now - 6 * HOUR ? '1s' : span <= 48 * HOUR && from >= now - 35 * 24 * HOUR ? '1m' : '1h');
  const stepMs = STEP[resolution];
  const f = Math.floor(from / stepMs) * stepMs;
  const t = Math.max(f + stepMs, Math.ceil((to + 1) / stepMs) * stepMs);
  let h0 = Math.ceil(f / HOUR) * HOUR;
  let h1 = Math.floor(t / HOUR) * HOUR;
  if (h0 >= h1) h0 = h1 = t;
  return { from: f, to: t, resolution, stepMs, seconds: (t - f) / 1000, tiered: resolution === '1m' && !forced, h0, h1 };
}

/** Query parameters every KPI source needs. */
export const rangeParams = (tenant: string, r: KpiRange) => ({ tenant, from: r.from, to: r.to, h0: r.h0, h1: r.h1 });

const sec = (p: string) => `toDateTime(intDiv({${p}:Int64}, 1000), 'UTC')`;

/**
 * The rows of a KPI table kind for a range, as a FROM source: one table at the range's resolution, or for
 * tiered ranges the 1 h rollup for whole hours plus the 1 min rollup for the partial hours at both ends (same
 * totals, a fraction of the rows).
 */
export function kpiSource(kind: 'endpoint' | 'edge', r: KpiRange): string {
  if (!r.tiered) return `(SELECT * FROM ${kind}_kpi_${r.resolution} WHERE ${TS_FILTER})`;
  return `(SELECT * FROM ${kind}_kpi_1h WHERE tenant = {tenant:String} AND ts >= ${sec('h0')} AND ts < ${sec('h1')}
    UNION ALL SELECT * FROM ${kind}_kpi_1m WHERE tenant = {tenant:String}
      AND ((ts >= ${sec('from')} AND ts < ${sec('h0')}) OR (ts >= ${sec('h1')} AND ts < ${sec('to')})))`;
}

/** SQL time filter on a KPI table's `ts` column for {from:Int64} / {to:Int64} in ms. */
export const TS_FILTER = `tenant = {tenant:String} AND ts >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC')`;
