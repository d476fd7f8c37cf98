import type { Storage } from '../../storage/storage.js';
import { kpiRows, type KpiWindow } from './kpi-table.js';

export interface SparkPoint {
  t: number;
  callsPerSecond: number;
  errorRate: number;
  p99Ms: number | null;
}

/**
 * Every service's calls/s, error rate and p99 in `points` equal steps over the range, in two queries (own entry
 * spans; calls received by inferred services), for the sparklines of the services table.
 */
export async function serviceSparklines(storage: Storage, tenant: string, r: KpiWindow, points: number): Promise<{ stepMs: number; series: Record<string, SparkPoint[]> }> {
  const stepMs = Math.max(r.stepMs, Math.ceil((r.to - r.from) / points / r.stepMs) * r.stepMs);
  const n = Math.ceil((r.to - r.from) / stepMs);
  const params = { tenant, from: r.from, to: r.to, step: stepMs / 1000 };
  const bucket = `intDiv(toUnixTimestamp(ts) - intDiv({from:Int64}, 1000), {step:UInt32})`;
  const agg = `sum(calls) AS calls, sum(errors) AS errors, sumMap(hist) AS h, argus_hist_quantile_v1(h, 0.99) AS p99`;
  const [own, inferred] = await Promise.all([
    storage.query<Row>(`SELECT service AS name, ${bucket} AS b, ${agg} FROM ${kpiRows('endpoint', r)} GROUP BY name, b`, params),
    storage.query<Row>(
      `SELECT callee_service AS name, ${bucket} AS b, ${agg} FROM ${kpiRows('edge', r)} WHERE callee_type != 'service' GROUP BY name, b`,
      params,
    ),
  ]);
  const series: Record<string, SparkPoint[]> = {};
  const fill = (rows: Row[]) => {
    for (const row of rows) {
      const s = (series[row.name] ??= Array.from({ length: n }, (_, i) => ({ t: r.from + i * stepMs, callsPerSecond: 0, errorRate: 0, p99Ms: null })));
      const b = Number(row.b);
      if (b < 0 || b >= n) continue;
      const calls = Number(row.calls);
      s[b] = {
        t: r.from + b * stepMs,
        callsPerSecond: calls / (stepMs / 1000),
        errorRate: calls > 0 ? Number(row.errors) / calls : 0,
        p99Ms: calls > 0 && Number.isFinite(Number(row.p99)) ? Number(row.p99) / 1e6 : null,
      };
    }
  };
  fill(own);
  fill(inferred);
  return { stepMs, series };
}

interface Row {
  name: string;
  b: number;
  calls: number;
  errors: number;
  p99: number | null;
}
