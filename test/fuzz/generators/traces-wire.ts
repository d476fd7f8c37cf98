/**
 * Schema-aware random protobuf for ExportTraceServiceRequest (wire-random.ts): spans with ids mostly of the right
 * length, repeated status/resource/scope messages, attributes whose AnyValue repeats or mixes members, events,
 * links, unknown fields, groups, non-minimal varints, invalid UTF-8. For the traces differential target.
 */
import type fc from 'fast-check';
import { METRICS_SCHEMA } from './metrics-wire.js';
import { wireInput, type Schema } from './wire-random.js';

const { KeyValue, AnyValue, ArrayValue, KeyValueList, Resource, Scope } = METRICS_SCHEMA;

const TRACES_SCHEMA: Schema = {
  Request: [[1, 'msg:ResourceSpans']],
  ResourceSpans: [
    [1, 'msg:Resource'],
    [2, 'msg:ScopeSpans'],
    [2, 'msg:ScopeSpans'],
    [3, 'string'],
  ],
  Resource,
  ScopeSpans: [
    [1, 'msg:Scope'],
    [2, 'msg:Span'],
    [2, 'msg:Span'],
    [3, 'string'],
  ],
  Scope,
  Span: [
    [1, 'id16'],
    [1, 'id16'],
    [2, 'id8'],
    [2, 'id8'],
    [3, 'string'],
    [4, 'id8'],
    [5, 'string'],
    [6, 'varint'],
    [7, 'fixed64'],
    [8, 'fixed64'],
    [9, 'msg:KeyValue'],
    [9, 'msg:KeyValue'],
    [10, 'varint'],
    [11, 'msg:Event'],
    [12, 'varint'],
    [13, 'msg:Link'],
    [14, 'varint'],
    [15, 'msg:Status'],
    [16, 'fixed32'],
  ],
  Event: [
    [1, 'fixed64'],
    [2, 'string'],
    [3, 'msg:KeyValue'],
    [4, 'varint'],
  ],
  Link: [
    [1, 'id16'],
    [2, 'id8'],
    [3, 'string'],
    [4, 'msg:KeyValue'],
    [5, 'varint'],
    [6, 'fixed32'],
  ],
  Status: [
    [2, 'string'],
    [3, 'varint'],
  ],
  KeyValue,
  AnyValue,
  ArrayValue,
  KeyValueList,
};

export const tracesWireInput: fc.Arbitrary<Buffer> = wireInput(TRACES_SCHEMA, 'Request', {
  Request: [1],
  ResourceSpans: [2],
  ScopeSpans: [2],
  Span: [1, 2, 5, 7, 8],
  KeyValue: [1, 2],
});
