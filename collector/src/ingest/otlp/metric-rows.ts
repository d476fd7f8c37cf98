import { badRequest } from '../../errors.js';
import { anyKind, attributeList, toJsonAnyValue, type KeyValue } from './attributes.js';
import { resourceIdentity, type Resource, type Scope } from './resource.js';
import type { RowBatch } from './span-rows.js';
import { beforeSec, intEnum, str, toBigInt, toNumber, type LongLike } from './values.js';
import { tsvMap, tsvNanosAsMillis, tsvNumArray, tsvString } from '../../storage/tsv.js';

export interface NumberPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: LongLike;
  timeUnixNano?: LongLike;
  asDouble?: number | string | null;
  asInt?: LongLike;
  flags?: number;
}
export interface HistogramPoint extends NumberPoint {
  count?: LongLike;
  sum?: number | null;
  min?: number | null;
  max?: number | null;
  bucketCounts?: LongLike[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: LongLike;
  positive?: { offset?: number; bucketCounts?: LongLike[] };
  negative?: { offset?: number; bucketCounts?: LongLike[] };
  quantileValues?: { quantile?: number; value?: number }[];
}
export interface Metric {
  name?: string;
  unit?: string;
  gauge?: { dataPoints?: NumberPoint[] };
  sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: number | string; isMonotonic?: boolean };
  histogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number | string };
  exponentialHistogram?: { dataPoints?: HistogramPoint[]; aggregationTemporality?: number | string };
  summary?: { dataPoints?: HistogramPoint[] };
}
export interface MetricsRequest {
  resourceMetrics?: { resource?: Resource; scopeMetrics?: { scope?: Scope; metrics?: Metric[] }[] }[];
}

export const POINT_COLUMNS = [
  'tenant',
  'entity_id',
  'service',
  'resource_attributes',
  'scope_name',
  'metric',
  'unit',
  'series_id',
  'timestamp',
  'start_timestamp',
  'value',
  'kind',
  'temporality',
  'is_monotonic',
  'attributes',
  'flags',
] as const;
export const HISTOGRAM_COLUMNS = [
  'tenant',
  'entity_id',
  'service',
  'resource_attributes',
  'scope_name',
  'metric',
  'unit',
  'series_id',
  'timestamp',
  'start_timestamp',
  'temporality',
  'attributes',
  'flags',
  'count',
  'sum',
  'min',
  'max',
  'bucket_counts',
  'explicit_bounds',
  'exponential',
  'exp_scale',
  'exp_zero_count',
  'exp_positive_offset',
  'exp_positive_counts',
  'exp_negative_offset',
  'exp_negative_counts',
] as const;

/** Metric attributes are strings: numbers and booleans as text, composites as JSON. */
function flatAttributes(list: readonly KeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of attributeList(list)) {
    const v = kv.value;
    const k = anyKind(v);
    if (!k) out[kv.key] = '';
    else if (k === 'stringValue') out[kv.key] = v!.stringValue as string;
    else if (k === 'intValue') out[kv.key] = toBigInt(v!.intValue).toString();
    else if (k === 'boolValue') out[kv.key] = String(v!.boolValue);
    else if (k === 'doubleValue') out[kv.key] = String(Number(v!.doubleValue));
    else out[kv.key] = JSON.stringify(toJsonAnyValue(v));
  }
  return out;
}

const has = (o: object, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k) &&
  (o as Record<string, unknown>)[k] !== null &&
  (o as Record<string, unknown>)[k] !== undefined;

/** 53-bit FNV-1a style hash of a series identity (two 32-bit lanes). */
function seriesHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

const ms = (v: LongLike) => tsvNanosAsMillis(toBigInt(v));
const num = (v: number | string | null | undefined) => {
  const n = Number(v ?? NaN);
  return Number.isNaN(n) ? 'nan' : n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n);
};
const TEMPORALITY = ['unspecified', 'delta', 'cumulative'];

export interface MetricRowBatches {
  points: RowBatch;
  histograms: RowBatch;
}

/**
 * Oldest point (epoch seconds) each table keeps: older points would be dropped by its TTL on insert; and the
 * latest time accepted (later is a clock or encoding error, and past what DateTime64 stores).
 */
export interface MetricWindow {
  /** gauge / sum / summary points: the longest metric rollup (they reach the rollups even when raw rows expire) */
  pointsMinSec: number;
  /** histogram points: ARGUS_RETENTION_DAYS */
  histogramsMinSec: number;
  maxSec?: number;
}

const TOO_NEW = 'point time (or start time) is more than a day in the future (a clock or encoding error)';
const U64_MAX = 18446744073709551615n;
/** Counts must be non-negative 64-bit integers (UInt64 columns); a negative or larger count is refused. */
const badCount = (v: LongLike) => {
  const n = toBigInt(v);
  return n < 0n || n > U64_MAX;
};
const isList = (v: unknown) => v === undefined || v === null || Array.isArray(v);
/**
 * A histogram's list field: absent is empty; OTLP/JSON may send anything, and a non-array is refused with the
 * request (a 400 like a wrong attribute type; it was a TypeError, a 500, before).
 */
function list<T>(v: readonly T[] | null | undefined, what: string): readonly T[] {
  if (v === undefined || v === null) return [];
  if (!isList(v)) throw badRequest(`a histogram point's ${what} must be an array`, 'INVALID_OTLP');
  return v;
}
/** what the count check spread before: a string (its characters) or a list; anything else is refused (400) */
const spreadable = (v: readonly LongLike[] | null | undefined, what: string): Iterable<LongLike> =>
  typeof v === 'string' ? v : list(v, what);
const anyBadCount = (counts: readonly LongLike[] | null | undefined) => {
  if (!counts) return false;
  for (const c of counts) if (badCount(c)) return true;
  return false;
};
const int32 = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
/** Array(UInt64) text of counts (what tsvNumArray writes for their BigInts) */
function countsText(counts: readonly LongLike[]): string {
  let out = '[';
  for (let i = 0; i < counts.length; i++) out += (i ? ',' : '') + toBigInt(counts[i]).toString();
  return out + ']';
}

/** The 1-hour metric rollup's TTL (`infrastructure/migrations/020-metric-rollups.sql`). */
export const LONGEST_ROLLUP_DAYS = 400;

/** What the rows of one metric share (one object per request, updated per resource, scope and metric). */
interface Ctx {
  window: MetricWindow;
  /** window.maxSec + 1 */
  maxEnd: number;
  points: RowBatch;
  histos: RowBatch;
  resKey: string;
  /** the row up to the scope name, tab-terminated */
  head: string;
  /** ... up to the unit, tab-terminated */
  mhead: string;
  name: string;
  unit: string;
}

function reject(b: RowBatch, msg: string): void {
  b.rejected++;
  if (b.errors.length < 5) b.errors.push(msg);
}

const tooNew = (c: Ctx, dp: NumberPoint) =>
  !beforeSec(toBigInt(dp.timeUnixNano), c.maxEnd) || !beforeSec(toBigInt(dp.startTimeUnixNano), c.maxEnd);

/** The value of a gauge or sum point: asInt if set, else asDouble, else NaN. */
const pointValue = (dp: NumberPoint) => (has(dp, 'asInt') ? toNumber(dp.asInt) : has(dp, 'asDouble') ? dp.asDouble : NaN);

/** One metric_points row (or its rejection). `extra` attributes are added after the point's own. */
function numberPoint(
  c: Ctx,
  dp: NumberPoint,
  value: number | string | null | undefined,
  kind: string,
  temporality: number,
  monotonic: boolean,
  suffix: string,
  extra?: Record<string, string>,
): void {
  if (((dp.flags ?? 0) & 1) === 1) return;
  const { points, name } = c;
  if (beforeSec(toBigInt(dp.timeUnixNano), c.window.pointsMinSec)) {
    reject(points, `metric ${name}: point time is before what Argus keeps (${LONGEST_ROLLUP_DAYS} days in the 1-hour rollup), or unset`);
    return;
  }
  if (tooNew(c, dp)) {
    reject(points, `metric ${name}: ${TOO_NEW}`);
    return;
  }
  const attrs = extra ? { ...flatAttributes(dp.attributes), ...extra } : flatAttributes(dp.attributes);
  const series = seriesHash(name + suffix + '\u0000' + c.resKey + '\u0000' + JSON.stringify(attrs));
  const mh = suffix ? `${c.head}${tsvString(name + suffix)}\t${c.unit}\t` : c.mhead;
  points.lines += `${mh}${series}\t${ms(dp.timeUnixNano)}\t${ms(dp.startTimeUnixNano)}\t${num(value)}\t${kind}\t${TEMPORALITY[temporality] ?? 'unspecified'}\t${monotonic ? 1 : 0}\t${tsvMap(attrs)}\t${(dp.flags ?? 0) >>> 0}\n`;
  points.rows++;
}

/** One metric_histograms row (or its rejection). */
function histogramPoint(c: Ctx, dp: HistogramPoint, exp: boolean, temporality: string): void {
  if (((dp.flags ?? 0) & 1) === 1) return;
  const { histos, name } = c;
  if (beforeSec(toBigInt(dp.timeUnixNano), c.window.histogramsMinSec)) {
    reject(histos, `metric ${name}: histogram point time is before the retention window (older than ARGUS_RETENTION_DAYS, or unset)`);
    return;
  }
  if (tooNew(c, dp)) {
    reject(histos, `metric ${name}: histogram ${TOO_NEW}`);
    return;
  }
  const [b, p, n] = [dp.bucketCounts, dp.positive?.bucketCounts, dp.negative?.bucketCounts];
  if (
    (isList(b) && isList(p) && isList(n)
      ? badCount(dp.count) || badCount(dp.zeroCount) || anyBadCount(b) || anyBadCount(p) || anyBadCount(n)
      : // OTLP/JSON sent something else: as before (a string's characters are counts, a non-iterable is a TypeError)
        [
          dp.count,
          dp.zeroCount,
          ...spreadable(b, 'bucketCounts'),
          ...spreadable(p, 'positive.bucketCounts'),
          ...spreadable(n, 'negative.bucketCounts'),
        ].some(badCount)) ||
    !int32(dp.scale) ||
    !int32(dp.positive?.offset) ||
    !int32(dp.negative?.offset)
  ) {
    reject(histos, `metric ${name}: histogram counts must be non-negative 64-bit integers, scale and offsets 32-bit`);
    return;
  }
  const buckets = list(b, 'bucketCounts');
  const positive = list(p, 'positive.bucketCounts');
  const negative = list(n, 'negative.bucketCounts');
  const bounds = list(dp.explicitBounds, 'explicitBounds');
  const attrs = flatAttributes(dp.attributes);
  const series = seriesHash(name + '\u0000' + c.resKey + '\u0000' + JSON.stringify(attrs));
  let line = `${c.mhead}${series}\t${ms(dp.timeUnixNano)}\t${ms(dp.startTimeUnixNano)}\t${temporality}\t${tsvMap(attrs)}\t${(dp.flags ?? 0) >>> 0}\t`;
  line += `${toBigInt(dp.count)}\t${num(has(dp, 'sum') ? dp.sum : NaN)}\t${num(has(dp, 'min') ? dp.min : NaN)}\t${num(has(dp, 'max') ? dp.max : NaN)}\t`;
  line += `${countsText(buckets)}\t${tsvNumArray(bounds.map(num))}\t${exp ? 1 : 0}\t`;
  line += `${dp.scale ?? 0}\t${toBigInt(dp.zeroCount)}\t${dp.positive?.offset ?? 0}\t${countsText(positive)}\t`;
  histos.lines += `${line}${dp.negative?.offset ?? 0}\t${countsText(negative)}\n`;
  histos.rows++;
}

function metricRows(c: Ctx, m: Metric): void {
  if (m.gauge) {
    for (const dp of m.gauge.dataPoints ?? []) numberPoint(c, dp, pointValue(dp), 'gauge', 0, false, '');
  } else if (m.sum) {
    const temporality = intEnum(m.sum.aggregationTemporality, 'aggregationTemporality');
    const monotonic = !!m.sum.isMonotonic;
    for (const dp of m.sum.dataPoints ?? []) numberPoint(c, dp, pointValue(dp), 'sum', temporality, monotonic, '');
  } else if (m.summary) {
    for (const dp of m.summary.dataPoints ?? []) {
      numberPoint(c, dp, toNumber(dp.count), 'summary', 2, true, '.count');
      numberPoint(c, dp, dp.sum ?? 0, 'summary', 2, true, '.sum');
      for (const q of dp.quantileValues ?? [])
        numberPoint(c, dp, q.value ?? 0, 'summary', 0, false, '', { quantile: String(q.quantile ?? 0) });
    }
  } else if (m.histogram || m.exponentialHistogram) {
    const exp = !!m.exponentialHistogram;
    const h = (m.histogram ?? m.exponentialHistogram)!;
    const temporality = TEMPORALITY[intEnum(h.aggregationTemporality, 'aggregationTemporality')] ?? 'unspecified';
    for (const dp of h.dataPoints ?? []) histogramPoint(c, dp, exp, temporality);
  } else reject(c.points, `metric ${c.name} has no data (gauge, sum, histogram, exponentialHistogram or summary)`);
}

export function buildMetricRows(
  tenant: string,
  req: MetricsRequest,
  window: MetricWindow = { pointsMinSec: -Infinity, histogramsMinSec: -Infinity },
): MetricRowBatches {
  const c: Ctx = {
    window,
    maxEnd: (window.maxSec ?? Infinity) + 1,
    points: { lines: '', rows: 0, rejected: 0, errors: [] },
    histos: { lines: '', rows: 0, rejected: 0, errors: [] },
    resKey: '',
    head: '',
    mhead: '',
    name: '',
    unit: '',
  };
  const tenantText = tsvString(tenant);
  for (const rm of req.resourceMetrics ?? []) {
    const id = resourceIdentity(rm.resource);
    // string attributes, then the others' text without the type tag (a key in both keeps its first place)
    const resAll: Record<string, string> = { ...id.strings };
    for (const k in id.typed) resAll[k] = id.typed[k].slice(2);
    const resHead = `${tenantText}\t${tsvString(id.entityId)}\t${tsvString(id.service)}\t${tsvMap(resAll)}\t`;
    c.resKey = JSON.stringify(resAll);
    for (const sm of rm.scopeMetrics ?? []) {
      c.head = `${resHead}${tsvString(str(sm.scope?.name))}\t`;
      for (const m of sm.metrics ?? []) {
        const name = str(m.name);
        if (!name) {
          reject(c.points, 'metric name must not be empty');
          continue;
        }
        c.name = name;
        c.unit = tsvString(str(m.unit));
        c.mhead = `${c.head}${tsvString(name)}\t${c.unit}\t`;
        metricRows(c, m);
      }
    }
  }
  return { points: c.points, histograms: c.histos };
}
