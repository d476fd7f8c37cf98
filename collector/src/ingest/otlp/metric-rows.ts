import { anyKind, toJsonAnyValue, type KeyValue } from './attributes.js';
import { resourceIdentity, type Resource, type Scope } from './resource.js';
import type { RowBatch } from './span-rows.js';
import { beforeSec, intEnum, str, toBigInt, toNumber, type LongLike } from './values.js';
import { tsvMap, tsvNanosAsMillis, tsvNumArray, tsvString } from '../../storage/tsv.js';

interface NumberPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: LongLike;
  timeUnixNano?: LongLike;
  asDouble?: number | string | null;
  asInt?: LongLike;
  flags?: number;
}
interface HistogramPoint extends NumberPoint {
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
interface Metric {
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
  for (const kv of list ?? []) {
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
const int32 = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);

/** The 1-hour metric rollup's TTL (`infrastructure/migrations/020-metric-rollups.sql`). */
export const LONGEST_ROLLUP_DAYS = 400;

export function buildMetricRows(
  tenant: string,
  req: MetricsRequest,
  window: MetricWindow = { pointsMinSec: -Infinity, histogramsMinSec: -Infinity },
): MetricRowBatches {
  const maxSec = window.maxSec ?? Infinity;
  const tooNew = (dp: NumberPoint) =>
    !beforeSec(toBigInt(dp.timeUnixNano), maxSec + 1) || !beforeSec(toBigInt(dp.startTimeUnixNano), maxSec + 1);
  const points: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  const histos: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  const reject = (b: RowBatch, msg: string) => {
    b.rejected++;
    if (b.errors.length < 5) b.errors.push(msg);
  };
  for (const rm of req.resourceMetrics ?? []) {
    const id = resourceIdentity(rm.resource);
    const resAll = { ...id.strings, ...Object.fromEntries(Object.entries(id.typed).map(([k, v]) => [k, v.slice(2)])) };
    const resMap = tsvMap(resAll);
    const resKey = JSON.stringify(resAll);
    for (const sm of rm.scopeMetrics ?? []) {
      const head = `${tsvString(tenant)}\t${tsvString(id.entityId)}\t${tsvString(id.service)}\t${resMap}\t${tsvString(str(sm.scope?.name))}\t`;
      for (const m of sm.metrics ?? []) {
        const name = str(m.name);
        if (!name) {
          reject(points, 'metric name must not be empty');
          continue;
        }
        const mhead = `${head}${tsvString(name)}\t${tsvString(str(m.unit))}\t`;
        const numberPoints = (
          dps: NumberPoint[] | undefined,
          kind: string,
          temporality: number,
          monotonic: boolean,
          suffix = '',
          extra?: Record<string, string>,
        ) => {
          for (const dp of dps ?? []) {
            if (((dp.flags ?? 0) & 1) === 1) continue;
            if (beforeSec(toBigInt(dp.timeUnixNano), window.pointsMinSec)) {
              reject(
                points,
                `metric ${name}: point time is before what Argus keeps (${LONGEST_ROLLUP_DAYS} days in the 1-hour rollup), or unset`,
              );
              continue;
            }
            if (tooNew(dp)) {
              reject(points, `metric ${name}: ${TOO_NEW}`);
              continue;
            }
            const attrs = extra ? { ...flatAttributes(dp.attributes), ...extra } : flatAttributes(dp.attributes);
            const value = has(dp, 'asInt') ? toNumber(dp.asInt) : has(dp, 'asDouble') ? dp.asDouble : NaN;
            const series = seriesHash(name + suffix + '\u0000' + resKey + '\u0000' + JSON.stringify(attrs));
            const mh = suffix ? `${head}${tsvString(name + suffix)}\t${tsvString(str(m.unit))}\t` : mhead;
            points.lines += `${mh}${series}\t${ms(dp.timeUnixNano)}\t${ms(dp.startTimeUnixNano)}\t${num(value)}\t${kind}\t${TEMPORALITY[temporality] ?? 'unspecified'}\t${monotonic ? 1 : 0}\t${tsvMap(attrs)}\t${(dp.flags ?? 0) >>> 0}\n`;
            points.rows++;
          }
        };
        if (m.gauge) numberPoints(m.gauge.dataPoints, 'gauge', 0, false);
        else if (m.sum)
          numberPoints(m.sum.dataPoints, 'sum', intEnum(m.sum.aggregationTemporality, 'aggregationTemporality'), !!m.sum.isMonotonic);
        else if (m.summary) {
          for (const dp of m.summary.dataPoints ?? []) {
            const base: NumberPoint = {
              attributes: dp.attributes,
              startTimeUnixNano: dp.startTimeUnixNano,
              timeUnixNano: dp.timeUnixNano,
              flags: dp.flags,
            };
            numberPoints([{ ...base, asDouble: toNumber(dp.count) }], 'summary', 2, true, '.count');
            numberPoints([{ ...base, asDouble: dp.sum ?? 0 }], 'summary', 2, true, '.sum');
            for (const q of dp.quantileValues ?? [])
              numberPoints([{ ...base, asDouble: q.value ?? 0 }], 'summary', 0, false, '', { quantile: String(q.quantile ?? 0) });
          }
        } else if (m.histogram || m.exponentialHistogram) {
          const exp = !!m.exponentialHistogram;
          const h = (m.histogram ?? m.exponentialHistogram)!;
          const temporality = TEMPORALITY[intEnum(h.aggregationTemporality, 'aggregationTemporality')] ?? 'unspecified';
          for (const dp of h.dataPoints ?? []) {
            if (((dp.flags ?? 0) & 1) === 1) continue;
            if (beforeSec(toBigInt(dp.timeUnixNano), window.histogramsMinSec)) {
              reject(
                histos,
                `metric ${name}: histogram point time is before the retention window (older than ARGUS_RETENTION_DAYS, or unset)`,
              );
              continue;
            }
            if (tooNew(dp)) {
              reject(histos, `metric ${name}: histogram ${TOO_NEW}`);
              continue;
            }
            const counts = [
              dp.count,
              dp.zeroCount,
              ...(dp.bucketCounts ?? []),
              ...(dp.positive?.bucketCounts ?? []),
              ...(dp.negative?.bucketCounts ?? []),
            ];
            if (counts.some(badCount) || !int32(dp.scale) || !int32(dp.positive?.offset) || !int32(dp.negative?.offset)) {
              reject(histos, `metric ${name}: histogram counts must be non-negative 64-bit integers, scale and offsets 32-bit`);
              continue;
            }
            const attrs = flatAttributes(dp.attributes);
            const series = seriesHash(name + '\u0000' + resKey + '\u0000' + JSON.stringify(attrs));
            histos.lines += `${mhead}${series}\t${ms(dp.timeUnixNano)}\t${ms(dp.startTimeUnixNano)}\t${temporality}\t${tsvMap(attrs)}\t${(dp.flags ?? 0) >>> 0}\t`;
            histos.lines += `${toBigInt(dp.count)}\t${num(has(dp, 'sum') ? dp.sum : NaN)}\t${num(has(dp, 'min') ? dp.min : NaN)}\t${num(has(dp, 'max') ? dp.max : NaN)}\t`;
            histos.lines += `${tsvNumArray((dp.bucketCounts ?? []).map((c) => toBigInt(c)))}\t${tsvNumArray((dp.explicitBounds ?? []).map(num))}\t${exp ? 1 : 0}\t`;
            histos.lines += `${dp.scale ?? 0}\t${toBigInt(dp.zeroCount)}\t${dp.positive?.offset ?? 0}\t${tsvNumArray((dp.positive?.bucketCounts ?? []).map((c) => toBigInt(c)))}\t`;
            histos.lines += `${dp.negative?.offset ?? 0}\t${tsvNumArray((dp.negative?.bucketCounts ?? []).map((c) => toBigInt(c)))}\n`;
            histos.rows++;
          }
        } else reject(points, `metric ${name} has no data (gauge, sum, histogram, exponentialHistogram or summary)`);
      }
    }
  }
  return { points, histograms: histos };
}
