/**
 * Purpose-built decoder for OTLP ExportMetricsServiceRequest protobuf bodies: the loose request shape the row
 * builder reads (metric-rows.ts, tracer-drops.ts), without protobufjs's message objects and Longs (64-bit values are
 * numbers below 2^53, BigInts above; times are BigInts). It accepts and refuses exactly what protobufjs 8 does
 * (strict-wire.ts) and gives the values it gives: oneofs keep their last member, singular messages seen twice are
 * merged, packed and unpacked repeated scalars are both read, known fields of another wire type are skipped.
 * Exemplars, descriptions, metadata and schema URLs are checked and dropped (the row builder never reads them).
 * The differential fuzz target `otlp-metrics-differential` and metric-decoder-equivalence.test.ts hold it to that.
 */
import type { HistogramPoint, Metric, MetricsRequest, NumberPoint } from './metric-rows.js';
import { checkKeyValue, envelope, forEachTop, resource, scope } from './metric-wire-common.js';
import { exponentialPoint, histogramPoint, numberPoint, summaryPoint } from './metric-wire-points.js';
import type { Resource, Scope } from './resource.js';
import { bool, checkDepth, checkStr, size, skipField, str, tag } from './strict-wire.js';
import { varint32, type WireReader } from './wire-reader.js';
type Data = NonNullable<Metric['sum']>;
type Kind = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

const POINT: Record<Kind, (r: WireReader, end: number, depth: number) => NumberPoint | HistogramPoint> = {
  gauge: numberPoint,
  sum: numberPoint,
  histogram: histogramPoint,
  exponentialHistogram: exponentialPoint,
  summary: summaryPoint,
};

/** Gauge, Sum, Histogram, ExponentialHistogram or Summary (merged into `into`, the same member seen before). */
function data(r: WireReader, end: number, depth: number, kind: Kind, into: Data | undefined): Data {
  checkDepth(depth);
  const d: Data = into ?? { dataPoints: [] };
  const points = d.dataPoints!;
  const point = POINT[kind];
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) points.push(point(r, size(r, end), depth + 1));
    else if (t === 16 && kind !== 'gauge' && kind !== 'summary') d.aggregationTemporality = varint32(r, end) | 0;
    else if (t === 24 && kind === 'sum') d.isMonotonic = bool(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return d;
}

const KIND_BY_TAG: Record<number, Kind> = { 42: 'gauge', 58: 'sum', 74: 'histogram', 82: 'exponentialHistogram', 90: 'summary' };

function metric(r: WireReader, end: number, depth: number): Metric {
  checkDepth(depth);
  const m: Metric = { name: '', unit: '' };
  let kind: Kind | undefined;
  let current: Data | undefined;
  while (r.pos < end) {
    const t = tag(r, end);
    const k = KIND_BY_TAG[t];
    if (k !== undefined) {
      // a oneof: another member replaces the one before, the same member is merged
      const stop = size(r, end);
      current = data(r, stop, depth + 1, k, k === kind ? current : undefined);
      const members = m as Record<Kind, Data | undefined>;
      if (kind !== undefined && kind !== k) members[kind] = undefined;
      kind = k;
      members[k] = current;
    } else if (t === 10) m.name = str(r, end);
    else if (t === 18) checkStr(r, end);
    else if (t === 26) m.unit = str(r, end);
    else if (t === 98) checkKeyValue(r, size(r, end), depth + 1);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return m;
}

type ScopeMetrics = { scope?: Scope; metrics?: Metric[] };
export type ResourceMetrics = { resource?: Resource; scopeMetrics?: ScopeMetrics[] };

function scopeMetrics(r: WireReader, end: number, depth: number): ScopeMetrics {
  const metrics: Metric[] = [];
  return { scope: envelope(r, end, depth, scope, metric, metrics), metrics };
}

function resourceMetrics(r: WireReader, end: number, depth: number): ResourceMetrics {
  const list: ScopeMetrics[] = [];
  return { resource: envelope(r, end, depth, resource, scopeMetrics, list), scopeMetrics: list };
}

/**
 * Decodes an ExportMetricsServiceRequest, handing each ResourceMetrics to `each` as soon as it is read (a request's
 * decoded objects are never all alive at once: less for the GC to copy); throws a WireError (or RangeError) where
 * protobufjs would throw, possibly after some calls.
 */
export function forEachResourceMetrics(body: Uint8Array, each: (rm: ResourceMetrics) => void): void {
  forEachTop(body, resourceMetrics, each);
}

/** Decodes a whole ExportMetricsServiceRequest into the shape protobufjs gives the row builder. */
export function decodeMetricsWire(body: Uint8Array): MetricsRequest {
  const list: ResourceMetrics[] = [];
  forEachResourceMetrics(body, (rm) => list.push(rm));
  return { resourceMetrics: list };
}
