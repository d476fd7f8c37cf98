/**
 * Schema-aware random protobuf for ExportMetricsServiceRequest, below what protobufjs's encoder can write: fields
 * in any order and repeated (singular messages merged, oneof members replacing each other), packed and unpacked
 * repeated scalars, known fields with another wire type, unknown fields, groups (some with a wrong end tag),
 * non-minimal varints and lengths, invalid UTF-8 and a few truncations. For the metrics differential target.
 */
import type fc from 'fast-check';
import { wireInput, type Kind, type Schema } from './wire-random.js';

export const KV: ReadonlyArray<readonly [number, Kind]> = [
  [1, 'string'],
  [2, 'msg:AnyValue'],
];
export const METRICS_SCHEMA: Schema = {
  Request: [[1, 'msg:ResourceMetrics']],
  ResourceMetrics: [
    [1, 'msg:Resource'],
    [2, 'msg:ScopeMetrics'],
    [3, 'string'],
  ],
  Resource: [
    [1, 'msg:KeyValue'],
    [2, 'varint'],
  ],
  ScopeMetrics: [
    [1, 'msg:Scope'],
    [2, 'msg:Metric'],
    [3, 'string'],
  ],
  Scope: [
    [1, 'string'],
    [2, 'string'],
    [3, 'msg:KeyValue'],
    [4, 'varint'],
  ],
  KeyValue: KV,
  AnyValue: [
    [1, 'string'],
    [2, 'bool'],
    [3, 'varint'],
    [4, 'double'],
    [5, 'msg:ArrayValue'],
    [6, 'msg:KeyValueList'],
    [7, 'bytes'],
  ],
  ArrayValue: [[1, 'msg:AnyValue']],
  KeyValueList: [[1, 'msg:KeyValue']],
  Metric: [
    [1, 'string'],
    [2, 'string'],
    [3, 'string'],
    [5, 'msg:Gauge'],
    [7, 'msg:Sum'],
    [9, 'msg:Histogram'],
    [10, 'msg:Exp'],
    [11, 'msg:Summary'],
    [12, 'msg:KeyValue'],
  ],
  Gauge: [[1, 'msg:NumberPoint']],
  Sum: [
    [1, 'msg:NumberPoint'],
    [2, 'varint'],
    [3, 'bool'],
  ],
  Histogram: [
    [1, 'msg:HistogramPoint'],
    [2, 'varint'],
  ],
  Exp: [
    [1, 'msg:ExpPoint'],
    [2, 'varint'],
  ],
  Summary: [[1, 'msg:SummaryPoint']],
  NumberPoint: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'double'],
    [6, 'fixed64'],
    [5, 'msg:Exemplar'],
    [8, 'varint'],
  ],
  HistogramPoint: [
    [9, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'packed64'],
    [7, 'packed64'],
    [8, 'msg:Exemplar'],
    [10, 'varint'],
    [11, 'double'],
    [12, 'double'],
  ],
  ExpPoint: [
    [1, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'sint'],
    [7, 'fixed64'],
    [8, 'msg:Buckets'],
    [9, 'msg:Buckets'],
    [10, 'varint'],
    [11, 'msg:Exemplar'],
    [12, 'double'],
    [13, 'double'],
    [14, 'double'],
  ],
  Buckets: [
    [1, 'sint'],
    [2, 'packedVarint'],
  ],
  SummaryPoint: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'msg:Quantile'],
    [8, 'varint'],
  ],
  Quantile: [
    [1, 'double'],
    [2, 'double'],
  ],
  Exemplar: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'double'],
    [6, 'fixed64'],
    [4, 'bytes'],
    [5, 'bytes'],
  ],
};

export const metricsWireInput: fc.Arbitrary<Buffer> = wireInput(METRICS_SCHEMA, 'Request');
