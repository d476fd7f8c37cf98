import type { Storage } from '../../storage/storage.js';
import { PRE_EXISTING_MS } from '../correlation/root-cause.js';
import type { BuiltinCheck } from '../engine/builtin.js';

/**
 * When each entity's current saturation began, to the second: the last 1-second point below the check's close level
 * (the saturation's start is the point after it), looked for over PRE_EXISTING_MS plus the check's window. Not below
 * it over all of that (busy all along), or no point before the window (seen only now): dated PRE_EXISTING_MS before
 * the window, so root-cause ranking takes it for the entity's normal state, not for what changed now.
 *
 * An average over a window says a saturation is there, not when it began: dated from the window's start, a hog that
 * started a few seconds before an incident and a batch job that started 20 s after it looked alike (root-cause.ts
 * then named a busy host for errors a bad deploy had caused, once the errors' trigger recovered).
 */
export async function saturationStart(
  storage: Storage,
  tenant: string,
  check: Pick<BuiltinCheck, 'metric' | 'attributes' | 'aggregation' | 'close' | 'windowMs'>,
  entityIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!entityIds.length) return out;
  const lookback = PRE_EXISTING_MS + check.windowMs;
  const { where, params } = checkPoints(check, tenant, now - lookback, now, entityIds);
  params.close = check.close;
  // per second, over the entity's matching series as the check takes them (average or maximum)
  const rows = await storage.query<{ entity_id: string; below: string | number }>(
    `SELECT entity_id, toUnixTimestamp64Milli(maxIf(ts, v < {close:Float64})) AS below
     FROM (SELECT entity_id, toStartOfSecond(timestamp) AS ts, ${check.aggregation === 'max' ? 'max' : 'avg'}(value) AS v FROM metric_points WHERE ${where} GROUP BY entity_id, ts)
     GROUP BY entity_id`,
    params,
  );
  // maxIf over no matching point is the epoch: never below the close level in the lookback
  const below = new Map(rows.map((r) => [r.entity_id, Number(r.below)]));
  for (const id of entityIds) {
    const b = below.get(id) ?? 0;
    out.set(id, b > 0 ? b + 1000 : now - PRE_EXISTING_MS - check.windowMs);
  }
  return out;
}

/**
 * The WHERE clause and parameters that select a check's metric points of a tenant in [from, to] (its series
 * attributes, and these entities when given), for the per-second reads of saturations.
 */
export function checkPoints(
  check: Pick<BuiltinCheck, 'metric' | 'attributes'>,
  tenant: string,
  from: number,
  to: number,
  entityIds?: readonly string[],
): { where: string; params: Record<string, unknown> } {
  const attrs = Object.entries(check.attributes ?? {});
  const params: Record<string, unknown> = { tenant, metric: check.metric, from, to };
  if (entityIds) params.ids = entityIds;
  attrs.forEach(([k, v], i) => ((params[`k${i}`] = k), (params[`v${i}`] = v)));
  const where = [
    'tenant = {tenant:String}',
    'metric = {metric:String}',
    'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
    'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
    ...(entityIds ? ['entity_id IN {ids:Array(String)}'] : []),
    ...attrs.map((_, i) => `attributes[{k${i}:String}] = {v${i}:String}`),
  ].join(' AND ');
  return { where, params };
}
