import { badRequest } from '../../errors.js';
import { parseRange } from '../../query/params.js';

// Self-contained on purpose while the read side moves the KPI query code into query services (.coord note): these
// reads move onto those services once they land. Same rules as GET /kpis: 1 s rows for ranges up to an hour inside
// the last 6 h, 1 min up to two days inside 35 days, else 1 h; bounds widened to whole steps.

export type Resolution = '1s' | '1m' | '1h';
const STEP: Record<Resolution, number> = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 };
const HOUR = 3_600_000;

export interface KpiWindow {
  from: number;
  to: number;
  resolution: Resolution;
  stepMs: number;
  seconds: number;
}

export function kpiWindow(q: (k: string) => string | undefined, now = Date.now()): KpiWindow {
  const { from, to } = parseRange(q);
  const forced = q('resolution');
  if (forced && !(forced in STEP)) throw badRequest('resolution must be 1s, 1m or 1h', 'INVALID_PARAM');
  const span = to - from;
  const resolution: Resolution =
    (forced as Resolution | undefined) ??
    (span <= HOUR && from >= now - 6 * HOUR ? '1s' : span <= 48 * HOUR && from >= now - 35 * 24 * HOUR ? '1m' : '1h');
  const stepMs = STEP[resolution];
  const f = Math.floor(from / stepMs) * stepMs;
  const t = Math.max(f + stepMs, Math.ceil((to + 1) / stepMs) * stepMs);
  return { from: f, to: t, resolution, stepMs, seconds: (t - f) / 1000 };
}

/** `endpoint_kpi_<res>` / `edge_kpi_<res>` rows of the tenant inside the window. */
export const kpiRows = (kind: 'endpoint' | 'edge', w: KpiWindow) =>
  `(SELECT * FROM ${kind}_kpi_${w.resolution} WHERE tenant = {tenant:String} AND ts >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC'))`;

export const KPI_AGG = `sum(calls) AS calls, sum(errors) AS errors, sum(client_errors) AS client_errors, sum(duration_sum) AS duration_sum,
  sumMap(hist) AS h, argus_hist_quantile_v1(h, 0.5) AS p50, argus_hist_quantile_v1(h, 0.9) AS p90, argus_hist_quantile_v1(h, 0.99) AS p99`;

export interface KpiRow {
  calls: number;
  errors: number;
  client_errors: number;
  duration_sum: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface Kpis {
  calls: number;
  callsPerSecond: number;
  errors: number;
  errorRate: number;
  clientErrors: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

const ms = (ns: number | null | undefined) => (ns === null || ns === undefined || !Number.isFinite(Number(ns)) ? null : Number(ns) / 1e6);

/** The API's KPI object (docs/api.md) from an aggregate row. */
export function toKpis(r: KpiRow | undefined, seconds: number): Kpis {
  const calls = Number(r?.calls ?? 0);
  const errors = Number(r?.errors ?? 0);
  return {
    calls,
    callsPerSecond: seconds > 0 ? calls / seconds : 0,
    errors,
    errorRate: calls > 0 ? errors / calls : 0,
    clientErrors: Number(r?.client_errors ?? 0),
    meanMs: calls > 0 ? Number(r!.duration_sum) / calls / 1e6 : null,
    p50Ms: calls > 0 ? ms(r!.p50) : null,
    p90Ms: calls > 0 ? ms(r!.p90) : null,
    p99Ms: calls > 0 ? ms(r!.p99) : null,
  };
}

export type Health = 'ok' | 'warning' | 'critical' | 'unknown';

export function healthOf(k: Kpis): Health {
  if (k.calls <= 0) return 'unknown';
  if (k.errorRate >= 0.1) return 'critical';
  if (k.errorRate >= 0.02) return 'warning';
  return 'ok';
}
