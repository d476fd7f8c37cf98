/**
 * Purpose-built decoder for OTLP ExportLogsServiceRequest protobuf bodies: the loose request shape the row builder
 * reads (log-rows.ts), without protobufjs's message objects and Longs (times are numbers below 2^53, BigInts above;
 * trace and span ids lower-case hex, as in OTLP/JSON; bytes values base64). It accepts and refuses exactly what
 * protobufjs 8 does (strict-wire.ts) and gives the values it gives: a body, resource or scope seen twice is
 * merged, the last AnyValue member wins, a scalar field seen twice keeps the last value, known fields of another
 * wire type and unknown fields are skipped. Schema URLs, dropped-attribute counts and scope attributes are checked
 * and dropped (the row builder never reads them). Rows are built per ResourceLogs as it is read
 * (buildLogRowsFromWire).
 * The differential fuzz target `otlp-logs-differential` and log-decoder-equivalence.test.ts hold it to that.
 */
import { buildLogRows, type LogRecord, type LogsRequest } from './log-rows.js';
import { anyValue, attribute, bytesHex, envelope, forEachTop, resource, scope } from './metric-wire-common.js';
import { addRows } from './metric-wire-rows.js';
import type { Resource, Scope } from './resource.js';
import type { RowBatch } from './span-rows.js';
import { checkDepth, size, skipField, str, tag, u64 } from './strict-wire.js';
import { fixed32, fixed64, varint32, type WireReader } from './wire-reader.js';

type ScopeLogs = { scope?: Scope; logRecords?: LogRecord[] };
export type ResourceLogs = { resource?: Resource; scopeLogs?: ScopeLogs[] };

function logRecord(r: WireReader, end: number, depth: number): LogRecord {
  checkDepth(depth);
  // every field set up front (one object shape for all records); the attribute list is made on first use
  const rec: LogRecord = {
    timeUnixNano: 0,
    observedTimeUnixNano: 0,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: undefined,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  };
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 9: // time_unix_nano
        fixed64(r, end);
        rec.timeUnixNano = u64(r.hi, r.lo);
        break;
      case 89: // observed_time_unix_nano
        fixed64(r, end);
        rec.observedTimeUnixNano = u64(r.hi, r.lo);
        break;
      case 16: // severity_number (an enum: int32, unknown values kept)
        rec.severityNumber = varint32(r, end) | 0;
        break;
      case 26:
        rec.severityText = str(r, end);
        break;
      case 42: // body: a second one is merged into the first
        rec.body = anyValue(r, size(r, end), depth + 1, rec.body);
        break;
      case 50:
        attribute(r, end, depth, (rec.attributes ??= []));
        break;
      case 56: // dropped_attributes_count
        varint32(r, end);
        break;
      case 69:
        rec.flags = fixed32(r, end);
        break;
      case 74:
        rec.traceId = bytesHex(r, end);
        break;
      case 82:
        rec.spanId = bytesHex(r, end);
        break;
      case 98:
        rec.eventName = str(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return rec;
}

function scopeLogs(r: WireReader, end: number, depth: number): ScopeLogs {
  const logRecords: LogRecord[] = [];
  return { scope: envelope(r, end, depth, scope, logRecord, logRecords), logRecords };
}

function resourceLogs(r: WireReader, end: number, depth: number): ResourceLogs {
  const list: ScopeLogs[] = [];
  return { resource: envelope(r, end, depth, resource, scopeLogs, list), scopeLogs: list };
}

/**
 * Decodes an ExportLogsServiceRequest, handing each ResourceLogs to `each` as soon as it is read (a request's
 * decoded records are never all alive at once); throws a WireError where protobufjs would throw, possibly after
 * some calls.
 */
export function forEachResourceLogs(body: Uint8Array, each: (rl: ResourceLogs) => void): void {
  forEachTop(body, resourceLogs, each);
}

/** Decodes a whole ExportLogsServiceRequest into the shape protobufjs gives the row builder. */
export function decodeLogsWire(body: Uint8Array): LogsRequest {
  const list: ResourceLogs[] = [];
  forEachResourceLogs(body, (rl) => list.push(rl));
  return { resourceLogs: list };
}

/**
 * The logs protobuf ingest path: each ResourceLogs decoded and turned into rows at once, then dropped. The rows,
 * rejections and messages (the first 5) are exactly those of buildLogRows on the whole decoded request (it keeps no
 * state across resources). Throws on malformed wire data, as protobufjs would.
 */
export function buildLogRowsFromWire(tenant: string, body: Uint8Array, minSec = -Infinity, maxSec = Infinity): RowBatch {
  const out: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  forEachResourceLogs(body, (rl) => addRows(out, buildLogRows(tenant, { resourceLogs: [rl] }, minSec, maxSec)));
  return out;
}
