import type { Storage } from '../../storage/storage.js';

export interface MetricValue {
  entityId: string;
  value: number;
  /** series attributes of the series that gave the value (max/min/last pick one series; avg is over all matching) */
  attributes: Record<string, string>;
}

/**
 * One value per entity for a gauge metric over the last `windowMs` (one query for every entity): the average,
 * maximum, minimum or last of the matching series' points. Reads the 1-second points (the raw table keeps 24 h
 * or more). A signal the metrics API does not offer (it reads one entity at a time).
 */
export async function metricSnapshot(
  storage: Storage,
  tenant: string,
  metric: string,
  windowMs: number,
  opts: { attributes?: Record<string, string>; aggregation?: 'avg' | 'max' | 'min' | 'last'; entityIds?: string[]; now?: number },
): Promise<MetricValue[]> {
  const now = opts.now ?? Date.now();
  const attrs = Object.entries(opts.attributes ?? {});
  const filters = attrs.map((_, i) => `attributes[{k${i}:String}] = {v${i}:String}`);
  const params: Record<string, unknown> = { tenant, metric, from: now - windowMs, to: now };
  attrs.forEach(([k, v], i) => ((params[`k${i}`] = k), (params[`v${i}`] = v)));
  if (opts.entityIds) params.ids = opts.entityIds;
  const where = [
    'tenant = {tenant:String}',
    'metric = {metric:String}',
    'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
    'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
    ...(opts.entityIds ? ['entity_id IN {ids:Array(String)}'] : []),
    ...filters,
  ].join(' AND ');
  const agg = opts.aggregation ?? 'avg';
  // per series first (avg / max / min / last), then across the entity's series: avg of averages, max of maxima...
  const per = { avg: 'avg(value)', max: 'max(value)', min: 'min(value)', last: 'argMax(value, timestamp)' }[agg];
  const across = { avg: 'avg(sv)', max: 'max(sv)', min: 'min(sv)', last: 'max(sv)' }[agg];
  const pick = agg === 'min' ? 'argMin(sattrs, sv)' : 'argMax(sattrs, sv)';
  // outer aliases differ from the inner columns: ClickHouse resolves an alias before a column of the same name, so
  // `avg(v) AS v, argMax(attrs, v)` would nest avg inside argMax (ILLEGAL_AGGREGATION)
  const rows = await storage.query<{ entity_id: string; ev: number; eattrs: Record<string, string> }>(
    `SELECT entity_id, ${across} AS ev, ${pick} AS eattrs FROM (
       SELECT entity_id, series_id, ${per} AS sv, any(attributes) AS sattrs FROM metric_points WHERE ${where} GROUP BY entity_id, series_id
     ) GROUP BY entity_id`,
    params,
  );
  return rows.map((r) => ({ entityId: r.entity_id, value: Number(r.ev), attributes: r.eattrs }));
}

/**
 * Linear trend of a gauge per series over the last `windowMs` (filesystem fill-up): slope per hour and the last
 * value, from one-minute rollup averages.
 */
export async function metricTrend(storage: Storage, tenant: string, metric: string, windowMs: number, now = Date.now()) {
  const rows = await storage.query<{ entity_id: string; attrs: Record<string, string>; slope_s: number; last: number; n: number }>(
    `SELECT entity_id, any(battrs) AS attrs, simpleLinearRegression(toFloat64(toUnixTimestamp(bucket)) - {base:Float64}, s / c).1 AS slope_s,
       argMax(s / c, bucket) AS last, count() AS n
     FROM (SELECT entity_id, series_id, bucket, any(attributes) AS battrs, sum(sum) AS s, sum(count) AS c FROM metric_rollup_1m
           WHERE tenant = {tenant:String} AND metric = {metric:String} AND bucket >= fromUnixTimestamp64Milli({from:Int64})
           GROUP BY entity_id, series_id, bucket)
     GROUP BY entity_id, series_id HAVING n >= 10`,
    // x relative to the window's start: regression on raw epoch seconds (~1.7e9) loses precision in Float64 sums
    { tenant, metric, from: now - windowMs, base: Math.floor((now - windowMs) / 1000) },
  );
  return rows.map((r) => ({ entityId: r.entity_id, attributes: r.attrs, slopePerHour: Number(r.slope_s) * 3600, last: Number(r.last) }));
}
