import type { Storage } from '../../storage/storage.js';
import { kpiRows, type KpiWindow } from './kpi-table.js';

export type KpiScope = { service: string; endpoint?: string };

export interface LatencyHistogram {
  total: number;
  buckets: Array<{ lowMs: number; highMs: number; count: number }>;
}

/** KPI histogram bucket k holds durations of about 1.01^k ns (argus_lat_bucket_v1). */
const LOG10_1_01 = Math.log10(1.01);

/**
 * Calls by latency for a service or endpoint over a range, from the `hist` column of the KPI rollups (the same
 * counts as the percentiles): fine buckets regrouped into log bins of 10 per decade (5 when that is over 60 bins),
 * empty bins between the fastest and the slowest call included. Inferred services read the calls they receive.
 */
export async function latencyHistogram(storage: Storage, tenant: string, r: KpiWindow, scope: KpiScope): Promise<LatencyHistogram> {
  const params = { tenant, from: r.from, to: r.to, service: scope.service, endpoint: scope.endpoint ?? '' };
  const own = scope.endpoint === undefined ? 'service = {service:String}' : 'service = {service:String} AND endpoint = {endpoint:String}';
  const inferred =
    scope.endpoint === undefined ? 'callee_service = {service:String}' : 'callee_service = {service:String} AND callee_endpoint = {endpoint:String}';
  let [row] = await storage.query<{ h: [number[], number[]] }>(`SELECT sumMap(hist) AS h FROM ${kpiRows('endpoint', r)} WHERE ${own}`, params);
  if (!row || row.h[0].length === 0) {
    [row] = await storage.query<{ h: [number[], number[]] }>(`SELECT sumMap(hist) AS h FROM ${kpiRows('edge', r)} WHERE ${inferred}`, params);
  }
  return regroup(row?.h[0] ?? [], (row?.h[1] ?? []).map(Number));
}

/** Fine log buckets -> display bins (exported for tests). Negative counts (retracted calls) are clamped at 0. */
export function regroup(keys: number[], counts: number[]): LatencyHistogram {
  const msLog = (k: number) => k * LOG10_1_01 - 6; // log10 of the bucket's duration in ms
  const pairs = keys.map((k, i) => [msLog(Number(k)), counts[i]] as const).filter(([, c]) => c > 0);
  const total = pairs.reduce((s, [, c]) => s + c, 0);
  if (pairs.length === 0) return { total: 0, buckets: [] };
  const lo = Math.min(...pairs.map(([l]) => l));
  const hi = Math.max(...pairs.map(([l]) => l));
  let perDecade = 10;
  if ((hi - lo) * perDecade > 60) perDecade = 5;
  const first = Math.floor(lo * perDecade);
  const last = Math.floor(hi * perDecade);
  const bins = new Array<number>(last - first + 1).fill(0);
  for (const [l, c] of pairs) bins[Math.floor(l * perDecade) - first] += c;
  const edge = (b: number) => Number((10 ** (b / perDecade)).toPrecision(4));
  return { total, buckets: bins.map((count, i) => ({ lowMs: edge(first + i), highMs: edge(first + i + 1), count })) };
}
