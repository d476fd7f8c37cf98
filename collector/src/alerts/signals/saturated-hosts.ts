import type { Storage } from '../../storage/storage.js';
import { BUILTIN_CHECKS } from '../engine/builtin.js';
import { saturationStart } from './saturation-start.js';

/** the window an incident's correlation looks at a host's CPU over (the built-in issue waits for 20 s) */
export const NOW_WINDOW_MS = 10_000;
/** a saturation that began inside the window counts once it has lasted this many 1-second points */
export const MIN_SATURATED_POINTS = 3;

export interface SaturatedHost {
  entityId: string;
  /** CPU busy, 0-1: over the last NOW_WINDOW_MS, or since the saturation began when that was inside it */
  value: number;
  /** the 1-second points the value is over (the current run, up to the window's) */
  seconds: number;
  /** since when, to the second (saturation-start.ts); long before when the host was busy all along */
  since: number;
}

/**
 * Hosts whose CPU is saturated now, for an incident's correlation. The built-in host issue needs 20 s of saturation
 * and runs on the slow tick, so an incident opened by starved services would otherwise name the host only on a later
 * refresh; the first message names it now.
 *
 * Judged on the current run of 1-second points: the points after the last one below the check's close level, over the
 * last NOW_WINDOW_MS. Saturated when they average the check's open level and are at least MIN_SATURATED_POINTS (the
 * whole window when the host never dropped below it). An average over the whole window missed a hog that began a few
 * seconds before an incident opened: its calm seconds before the hog pulled the average under the open level (one CI
 * run: the incident opened ~10 s after the hog began and the host was not a candidate).
 *
 * Each is dated from when its saturation began (saturation-start.ts): busy all along, it does not explain what changed
 * now, and busy only since after the incident began, it did not cause it (root-cause.ts).
 */
export async function saturatedHosts(storage: Storage, tenant: string, now: number): Promise<SaturatedHost[]> {
  const check = BUILTIN_CHECKS.find((c) => c.kind === 'host-cpu-saturation')!;
  const attrs = Object.entries(check.attributes ?? {});
  const params: Record<string, unknown> = { tenant, metric: check.metric, from: now - NOW_WINDOW_MS, to: now };
  attrs.forEach(([k, v], i) => ((params[`k${i}`] = k), (params[`v${i}`] = v)));
  const where = [
    'tenant = {tenant:String}',
    'metric = {metric:String}',
    'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
    'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
    ...attrs.map((_, i) => `attributes[{k${i}:String}] = {v${i}:String}`),
  ].join(' AND ');
  // per host, its 1-second points in time order (the host's series averaged per second, as the check takes them)
  const rows = await storage.query<{ entity_id: string; vs: number[] }>(
    `SELECT entity_id, arrayMap(p -> p.2, arraySort(groupArray((ts, v)))) AS vs
     FROM (SELECT entity_id, toStartOfSecond(timestamp) AS ts, ${check.aggregation === 'max' ? 'max' : 'avg'}(value) AS v
           FROM metric_points WHERE ${where} GROUP BY entity_id, ts)
     GROUP BY entity_id`,
    params,
  );
  const current: Array<{ entityId: string; value: number; seconds: number }> = [];
  for (const r of rows) {
    const vs = r.vs.map(Number);
    let start = vs.length;
    while (start > 0 && vs[start - 1] >= check.close) start--;
    const run = vs.slice(start);
    const value = run.reduce((a, v) => a + v, 0) / (run.length || 1);
    if (run.length >= Math.min(MIN_SATURATED_POINTS, vs.length) && run.length > 0 && value >= check.open)
      current.push({ entityId: r.entity_id, value, seconds: run.length });
  }
  const since = await saturationStart(
    storage,
    tenant,
    check,
    current.map((c) => c.entityId),
    now,
  );
  return current.map((c) => ({ ...c, since: since.get(c.entityId)! }));
}
