import type { LatencyHistogramResponse } from '@argus/api';
import type { KpiRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { kpiSource, rangeParams } from './kpi-sql.js';

/** KPI histogram bucket k holds durations of about 1.01^k ns (argus_lat_bucket_v1). */
const LOG10_1_01 = Math.log10(1.01);

type Histogram = Pick<LatencyHistogramResponse, 'total' | 'buckets'>;

/**
 * Calls by latency for a service or endpoint over a range, from the `hist` column of the KPI rollups (the same
 * counts as the percentiles): fine buckets regrouped into log bins of 10 per decade (5 when that is over 60 bins),
 * empty bins between the fastest and the slowest call included. Inferred services read the calls they receive.
 */
export async function latencyHistogram(
  storage: Storage,
  tenant: string,
  target: { service: string; endpoint?: string },
  r: KpiRange,
): Promise<LatencyHistogramResponse> {
  const params = { ...rangeParams(tenant, r), service: target.service, endpoint: target.endpoint ?? '' };
  const endpoint = target.endpoint === undefined;
  const own = endpoint ? 'service = {service:String}' : 'service = {service:String} AND endpoint = {endpoint:String}';
  const received = endpoint
    ? 'callee_service = {service:String}'
    : 'callee_service = {service:String} AND callee_endpoint = {endpoint:String}';
  type Row = { h: [number[], number[]] };
  let [row] = await storage.query<Row>(`SELECT sumMap(hist) AS h FROM ${kpiSource('endpoint', r)} WHERE ${own}`, params);
  if (!row || row.h[0].length === 0)
    [row] = await storage.query<Row>(`SELECT sumMap(hist) AS h FROM ${kpiSource('edge', r)} WHERE ${received}`, params);
  return { from: r.from, to: r.to, resolution: r.resolution, ...regroup(row?.h[0] ?? [], (row?.h[1] ?? []).map(Number)) };
}

/** Fine log buckets -> display bins. Negative counts (retracted calls) are clamped at 0. */
export function regroup(keys: readonly number[], counts: readonly number[]): Histogram {
  const msLog = (k: number) => k * LOG10_1_01 - 6; // log10 of the bucket's duration in ms
  const pairs = keys.map((k, i) => [msLog(Number(k)), counts[i]] as const).filter(([, c]) => c > 0);
  const total = pairs.reduce((s, [, c]) => s + c, 0);
  if (pairs.length === 0) return { total: 0, buckets: [] };
  const lo = Math.min(...pairs.map(([l]) => l));
  const hi = Math.max(...pairs.map(([l]) => l));
  const perDecade = (hi - lo) * 10 > 60 ? 5 : 10;
  const first = Math.floor(lo * perDecade);
  const last = Math.floor(hi * perDecade);
  const bins = new Array<number>(last - first + 1).fill(0);
  for (const [l, c] of pairs) bins[Math.floor(l * perDecade) - first] += c;
  const edge = (b: number) => Number((10 ** (b / perDecade)).toPrecision(4));
  return { total, buckets: bins.map((count, i) => ({ lowMs: edge(first + i), highMs: edge(first + i + 1), count })) };
}
