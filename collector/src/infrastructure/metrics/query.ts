import type { Storage } from '../../storage/storage.js';
import { counterRates, deltaRates, gaugePoints, seriesMode, type Bucket, type Point, type SeriesMode } from './rates.js';
import type { MetricResolution } from '../../query/resolution.js';

export interface SeriesQuery {
  tenant: string;
  entity: string;
  metric: string;
  from: number;
  to: number;
  attributes: Record<string, string>;
  maxSeries: number;
}

export interface Series {
  seriesId: string;
  attributes: Record<string, string>;
  unit: string;
  mode: SeriesMode;
  points: Point[];
}

interface MetaRow {
  sid: string;
  attrs: Record<string, string>;
  u: string;
  k: string;
  tmp: string;
  mono: boolean | number;
}

interface Row {
  sid: string;
  t: number;
  mn?: number;
  mx?: number;
  sm?: number;
  cnt: number;
  last?: number;
  last_time?: number;
  last_start?: number;
  first?: number;
  first_time?: number;
}

/** Aggregates per source and series mode: gauges need min/max/sum/count, counters the last value and times. */
const AGG = {
  raw: {
    stats: 'min(value) AS mn, max(value) AS mx, sum(value) AS sm, toFloat64(count()) AS cnt',
    last: `toFloat64(count()) AS cnt, argMax(value, timestamp) AS last, toFloat64(toUnixTimestamp64Milli(max(timestamp))) AS last_time,
      toFloat64(toUnixTimestamp64Milli(argMax(start_timestamp, timestamp))) AS last_start,
      argMin(value, timestamp) AS first, toFloat64(toUnixTimestamp64Milli(min(timestamp))) AS first_time`,
  },
  rollup: {
    stats: 'min(min) AS mn, max(max) AS mx, sum(sum) AS sm, toFloat64(sum(count)) AS cnt',
    last: `toFloat64(sum(count)) AS cnt, argMaxMerge(last_value) AS last, toFloat64(toUnixTimestamp64Milli(max(last_time))) AS last_time,
      toFloat64(toUnixTimestamp64Milli(argMaxMerge(last_start))) AS last_start, min(min) AS first`,
  },
};

/**
 * Reads one metric of one entity at the picked resolution in two lean queries: the series (attributes, kind,
 * capped at maxSeries), then their buckets with only the aggregates the series' mode needs. Counters need the
 * bucket before `from` as the base of the first rate, so one extra step is read and dropped from the answer.
 */
export async function querySeries(storage: Storage, q: SeriesQuery, r: MetricResolution): Promise<Series[]> {
  const raw = r.source.name === 'raw';
  const time = raw ? 'timestamp' : 'bucket';
  const stepMs = r.step * 1000;
  const from = Math.floor(q.from / stepMs) * stepMs;
  const params: Record<string, unknown> = {
    tenant: q.tenant,
    entity: q.entity,
    metric: q.metric,
    step: r.step,
    from: from - stepMs,
    to: q.to,
    maxSeries: q.maxSeries,
  };
  const where = [
    'tenant = {tenant:String}',
    'entity_id = {entity:String}',
    'metric = {metric:String}',
    raw ? 'timestamp >= fromUnixTimestamp64Milli({from:Int64})' : 'bucket >= toDateTime(intDiv({from:Int64}, 1000))',
    raw ? 'timestamp <= fromUnixTimestamp64Milli({to:Int64})' : 'bucket <= toDateTime(intDiv({to:Int64}, 1000))',
  ];
  let i = 0;
  for (const [k, v] of Object.entries(q.attributes)) {
    where.push(`attributes[{ak${i}:String}] = {av${i}:String}`);
    params[`ak${i}`] = k;
    params[`av${i++}`] = v;
  }
  const w = where.join(' AND ');
  const meta = await storage.query<MetaRow>(
    `SELECT toString(series_id) AS sid, any(attributes) AS attrs, any(unit) AS u, toString(any(kind)) AS k,
       toString(any(temporality)) AS tmp, any(is_monotonic) AS mono
     FROM ${r.source.tables[0]} WHERE ${w} GROUP BY series_id ORDER BY series_id LIMIT {maxSeries:UInt32}`,
    params,
  );
  if (!meta.length) return [];
  const modeOf = (m: MetaRow) => seriesMode(m.k, m.tmp, m.mono === true || m.mono === 1);
  const counters = meta.some((m) => modeOf(m) === 'rate');
  const agg = AGG[raw ? 'raw' : 'rollup'];
  const rows = await storage.query<Row>(
    `SELECT toString(series_id) AS sid, toUInt32(toUnixTimestamp(toStartOfInterval(toDateTime(${time}, 'UTC'), INTERVAL {step:UInt32} SECOND))) AS t,
       ${counters ? agg.last : agg.stats}
     FROM ${r.source.tables[0]} WHERE ${w} AND series_id IN arrayMap(x -> toUInt64(x), {ids:Array(String)})
     GROUP BY series_id, t ORDER BY series_id, t`,
    { ...params, ids: meta.map((m) => m.sid) },
  );
  const buckets = new Map<string, Bucket[]>();
  for (const row of rows) {
    let list = buckets.get(row.sid);
    if (!list) buckets.set(row.sid, (list = []));
    list.push({
      t: row.t * 1000,
      min: row.mn ?? 0,
      max: row.mx ?? 0,
      sum: row.sm ?? 0,
      count: row.cnt,
      last: row.last ?? 0,
      lastTime: row.last_time ?? 0,
      lastStart: row.last_start ?? 0,
      first: row.first,
      // rollups keep a bucket's smallest value (a counter's first, unless it reset) but not its time: the series'
      // start when it began in the bucket, else the bucket's start
      firstTime: row.first_time ?? (row.first === undefined ? undefined : Math.max(row.t * 1000, row.last_start ?? 0)),
    });
  }
  return meta.map((m) => {
    const mode = modeOf(m);
    const b = buckets.get(m.sid) ?? [];
    const pts = mode === 'rate' ? counterRates(b) : mode === 'delta' ? deltaRates(b, r.step) : gaugePoints(b);
    return {
      seriesId: m.sid,
      attributes: m.attrs,
      unit: mode === 'gauge' ? m.u : `${m.u || '1'}/s`,
      mode,
      points: pts.filter((p) => p.t >= from && p.t <= q.to),
    };
  });
}

/** Metrics an entity reported within `sinceMs`, from the 1 h rollup (one row per series and hour at most). */
export async function listMetrics(storage: Storage, tenant: string, entity: string, sinceMs: number) {
  const rows = await storage.query<{
    metric: string;
    unit: string;
    kind: string;
    temporality: string;
    is_monotonic: boolean | number;
    series: string;
    last: number;
    last_time: string;
    keys: string[];
  }>(
    `SELECT metric, any(unit) AS unit, toString(any(kind)) AS kind, toString(any(temporality)) AS temporality, any(is_monotonic) AS is_monotonic,
       toString(uniqExact(series_id)) AS series, argMax(last, lt) AS last, toString(max(lt)) AS last_time, arraySort(groupUniqArrayArray(keys)) AS keys
     FROM (
       SELECT metric, series_id, any(unit) AS unit, any(kind) AS kind, any(temporality) AS temporality, any(is_monotonic) AS is_monotonic,
         argMaxMerge(last_value) AS last, toUnixTimestamp64Milli(max(last_time)) AS lt, mapKeys(any(attributes)) AS keys
       FROM metric_rollup_1h
       WHERE tenant = {tenant:String} AND entity_id = {entity:String} AND bucket >= toDateTime(intDiv({since:Int64}, 1000))
       GROUP BY metric, series_id
     ) GROUP BY metric ORDER BY metric`,
    { tenant, entity, since: sinceMs },
  );
  return rows.map((r) => ({
    metric: r.metric,
    unit: r.unit,
    mode: seriesMode(r.kind, r.temporality, r.is_monotonic === true || r.is_monotonic === 1),
    series: Number(r.series),
    attributeKeys: r.keys,
    last: { value: r.last, time: Number(r.last_time) },
  }));
}
