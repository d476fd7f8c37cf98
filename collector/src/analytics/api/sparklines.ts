import type { SparklinesResponse, SparkPoint } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { TS_FILTER } from './kpi-sql.js';

interface Row {
  name: string;
  b: number;
  calls: number;
  errors: number;
  p99: number | null;
}

/**
 * Every service's calls/s, error rate and p99 in `points` equal steps over the range (own entry spans; the calls
 * inferred services receive), in two queries: the sparklines of the services table. Steps are whole multiples of
 * the range's KPI resolution, read from that one table.
 */
export async function serviceSparklines(storage: Storage, tenant: string, r: KpiRange, points: number): Promise<SparklinesResponse> {
  const stepMs = Math.max(r.stepMs, Math.ceil((r.to - r.from) / points / r.stepMs) * r.stepMs);
  const n = Math.ceil((r.to - r.from) / stepMs);
  const params = { tenant, from: r.from, to: r.to, step: stepMs / 1000 };
  const bucket = `intDiv(toUnixTimestamp(ts) - intDiv({from:Int64}, 1000), {step:UInt32})`;
  const agg = `sum(calls) AS calls, sum(errors) AS errors, sumMap(hist) AS h, argus_hist_quantile_v1(h, 0.99) AS p99`;
  const [own, inferred] = await Promise.all([
    storage.query<Row>(
      `SELECT service AS name, ${bucket} AS b, ${agg} FROM endpoint_kpi_${r.resolution} WHERE ${TS_FILTER} GROUP BY name, b`,
      params,
    ),
    storage.query<Row>(
      `SELECT callee_service AS name, ${bucket} AS b, ${agg} FROM edge_kpi_${r.resolution} WHERE ${TS_FILTER} AND callee_type != 'service'
       GROUP BY name, b`,
      params,
    ),
  ]);
  const series: Record<string, SparkPoint[]> = {};
  for (const row of [...own, ...inferred]) {
    const s = (series[row.name] ??= Array.from({ length: n }, (_, i) => ({
      t: r.from + i * stepMs,
      callsPerSecond: 0,
      errorRate: 0,
      p99Ms: null,
    })));
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
  return { from: r.from, to: r.to, resolution: r.resolution, stepSeconds: stepMs / 1000, series };
}
