import type { Health, Kpis } from '@argus/api';

export type { Health, Kpis };
import type { KpiRange } from '../../query/resolution.js';

/** Aggregates over a KPI table (endpoint_kpi_* or edge_kpi_*) and their conversion to the API's KPI object. */
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

const ms = (ns: number | null | undefined) => (ns === null || ns === undefined || !Number.isFinite(Number(ns)) ? null : Number(ns) / 1e6);

export function toKpis(r: KpiRow | undefined, seconds: number): Kpis {
  const calls = Number(r?.calls ?? 0);
  const errors = Number(r?.errors ?? 0);
  return {
    calls,
    callsPerSecond: seconds > 0 ? calls / seconds : 0,
    errors,
    errorRate: calls > 0 ? errors / calls : 0,
    clientErrors: Number(r?.client_errors ?? 0),
    meanMs: r && calls > 0 ? Number(r.duration_sum) / calls / 1e6 : null,
    p50Ms: r && calls > 0 ? ms(r.p50) : null,
    p90Ms: r && calls > 0 ? ms(r.p90) : null,
    p99Ms: r && calls > 0 ? ms(r.p99) : null,
  };
}

/** Health from the error rate: >= 10 % critical, >= 2 % warning, no calls unknown. */
export function healthOf(k: Kpis): Health {
  if (k.calls <= 0) return 'unknown';
  if (k.errorRate >= 0.1) return 'critical';
  if (k.errorRate >= 0.02) return 'warning';
  return 'ok';
}

/** SQL time filter on a KPI table's `ts` column for {from:Int64} / {to:Int64} in ms. */
export const TS_FILTER = `tenant = {tenant:String} AND ts >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC')`;

/** Query parameters every KPI source needs. */
export const rangeParams = (tenant: string, r: KpiRange) => ({
  tenant,
  from: r.from,
  to: r.to,
  c0: r.coarse?.c0 ?? r.to,
  c1: r.coarse?.c1 ?? r.to,
});

const sec = (p: string) => `toDateTime(intDiv({${p}:Int64}, 1000), 'UTC')`;

/**
 * The rows of a KPI table kind for a range's totals, as a FROM source: the range's own table, or with a coarser
 * tier (KpiRange.coarse) that tier's rollup for its whole steps plus the range's own table for the partial steps
 * at both ends (same totals, a fraction of the rows: a 1-hour range reads 60 one-minute rows per series instead
 * of 3,600 one-second rows).
 */
export function kpiSource(kind: 'endpoint' | 'edge', r: KpiRange): string {
  if (!r.coarse) return `(SELECT * FROM ${kind}_kpi_${r.resolution} WHERE ${TS_FILTER})`;
  return `(SELECT * FROM ${kind}_kpi_${r.coarse.resolution} WHERE tenant = {tenant:String} AND ts >= ${sec('c0')} AND ts < ${sec('c1')}
    UNION ALL SELECT * FROM ${kind}_kpi_${r.resolution} WHERE tenant = {tenant:String}
      AND ((ts >= ${sec('from')} AND ts < ${sec('c0')}) OR (ts >= ${sec('c1')} AND ts < ${sec('to')})))`;
}
