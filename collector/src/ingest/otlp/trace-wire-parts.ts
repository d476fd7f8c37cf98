/**
 * Parts of the OTLP trace wire decoder outside the per-attribute hot path: events, links and status (ids, resource
 * and scope are read by the common helpers of metric-wire-common.ts). Reads follow protobufjs 8's acceptance rules
 * (strict-wire.ts) and its merging: a singular message seen twice (status) is merged, not replaced, and attributes
 * of the loose shape are read with the common KeyValue/AnyValue readers (metric-wire-common.ts), which keep
 * protobufjs's values.
 */
import { taggedAttributes, type KeyValue } from './attributes.js';
import { attribute, bytesHex } from './metric-wire-common.js';
import { splitNanos, type EventModel, type LinkModel, type SpanModel } from './span-model.js';
import { checkDepth, skipField, str, tag } from './strict-wire.js';
import { fixed32, fixed64, varint32, type WireReader } from './wire-reader.js';

export interface TimeOut {
  sec: number;
  ns: number;
}

/** Skips a field this decoder does not read (unknown, or known with another wire type), as protobufjs skips it. */
export function skipTag(r: WireReader, t: number, depth: number, end: number): void {
  skipField(r, t & 7, depth, t >>> 3, end);
}

/** int64 from the halves in r (two's complement) as a BigInt. */
export function int64(r: WireReader): bigint {
  return r.hi === 0 ? BigInt(r.lo) : BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo));
}

export function event(r: WireReader, t: TimeOut, end: number, depth: number): EventModel {
  checkDepth(depth);
  const e: EventModel = { sec: 0, ns: 0, name: '', attributes: {} };
  const attrs: KeyValue[] = [];
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === 9) {
      fixed64(r, end);
      splitNanos(r.hi, r.lo, t);
      e.sec = t.sec;
      e.ns = t.ns;
    } else if (tg === 18) e.name = str(r, end);
    else if (tg === 26) attribute(r, end, depth, attrs);
    else if (tg === 32) varint32(r, end);
    else skipTag(r, tg, depth, end);
  }
  e.attributes = taggedAttributes(attrs);
  return e;
}

export function link(r: WireReader, end: number, depth: number): LinkModel {
  checkDepth(depth);
  const l: LinkModel = { traceId: '', spanId: '', traceState: '', attributes: {} };
  const attrs: KeyValue[] = [];
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === 10) l.traceId = bytesHex(r, end);
    else if (tg === 18) l.spanId = bytesHex(r, end);
    else if (tg === 26) l.traceState = str(r, end);
    else if (tg === 34) attribute(r, end, depth, attrs);
    else if (tg === 40) varint32(r, end);
    else if (tg === 53) fixed32(r, end);
    else skipTag(r, tg, depth, end);
  }
  l.attributes = taggedAttributes(attrs);
  return l;
}

/** Status into the span; a second Status on the wire is merged into the first (its fields only). */
export function status(r: WireReader, s: SpanModel, end: number, depth: number): void {
  checkDepth(depth);
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === 18) s.statusMessage = str(r, end);
    else if (tg === 24) s.statusCode = varint32(r, end) | 0;
    else skipTag(r, tg, depth, end);
  }
}
