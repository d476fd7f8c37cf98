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

export interface Kpis {
  calls: number;
  callsPerSecond: number;
  errors: number;
  errorRate: number;
  /** HTTP 4xx seen by an endpoint; for edges, HTTP >= 400 seen by the client */
  clientErrors: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
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
    meanMs: calls > 0 ? Number(r!.duration_sum) / calls / 1e6 : null,
    p50Ms: calls > 0 ? ms(r!.p50) : null,
    p90Ms: calls > 0 ? ms(r!.p90) : null,
    p99Ms: calls > 0 ? ms(r!.p99) : null,
  };
}

export type Health = 'ok' | 'warning' | 'critical' | 'unknown';

/** Health from the error rate: >= 10 % critical, >= 2 % warning, no calls unknown. */
export function healthOf(k: Kpis): Health {
  if (k.calls <= 0) return 'unknown';
  if (k.errorRate >= 0.1) return 'critical';
  if (k.errorRate >= 0.02) return 'warning';
  return 'ok';
}
