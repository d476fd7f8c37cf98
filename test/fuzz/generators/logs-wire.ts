/**
 * Schema-aware random protobuf for ExportLogsServiceRequest (wire-random.ts): log records with ids mostly of the
 * right length, bodies and attribute values that repeat or mix AnyValue members, repeated body/resource/scope
 * messages, scalar fields given twice or with another wire type, unknown fields, groups, non-minimal varints,
 * invalid UTF-8. For the logs differential target.
 */
import type fc from 'fast-check';
import { METRICS_SCHEMA } from './metrics-wire.js';
import { wireInput, type Schema } from './wire-random.js';

const { KeyValue, AnyValue, ArrayValue, KeyValueList, Resource, Scope } = METRICS_SCHEMA;

const LOGS_SCHEMA: Schema = {
  Request: [[1, 'msg:ResourceLogs']],
  ResourceLogs: [
    [1, 'msg:Resource'],
    [2, 'msg:ScopeLogs'],
    [2, 'msg:ScopeLogs'],
    [3, 'string'],
  ],
  Resource,
  ScopeLogs: [
    [1, 'msg:Scope'],
    [2, 'msg:LogRecord'],
    [2, 'msg:LogRecord'],
    [3, 'string'],
  ],
  Scope,
  LogRecord: [
    [1, 'fixed64'],
    [11, 'fixed64'],
    [2, 'varint'],
    [3, 'string'],
    [5, 'msg:AnyValue'],
    [5, 'msg:AnyValue'],
    [6, 'msg:KeyValue'],
    [6, 'msg:KeyValue'],
    [7, 'varint'],
    [8, 'fixed32'],
    [9, 'id16'],
    [10, 'id8'],
    [12, 'string'],
  ],
  KeyValue,
  AnyValue,
  ArrayValue,
  KeyValueList,
};

export const logsWireInput: fc.Arbitrary<Buffer> = wireInput(LOGS_SCHEMA, 'Request', {
  Request: [1],
  ResourceLogs: [2],
  ScopeLogs: [2],
  LogRecord: [1, 5],
  KeyValue: [1, 2],
});
