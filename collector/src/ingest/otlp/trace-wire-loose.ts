/**
 * Parts of the OTLP trace wire decoder outside the per-attribute hot path: skipping, ids, and the values decoded
 * into the loose reference shape (resource attributes, nested AnyValues, events, links, status).
 */
import { taggedAttributes, type AnyValue, type KeyValue } from './attributes.js';
import { splitNanos, type EventModel, type LinkModel, type SpanModel } from './span-model.js';
import { delimited, double, MAX_DEPTH, skip, string, varint32, varint64, wireError, fixed64, type WireReader } from './wire-reader.js';

export interface TimeOut {
  sec: number;
  ns: number;
}

export function skipTag(r: WireReader, tag: number, end: number): void {
  if (tag >>> 3 === 0) throw wireError(`invalid field number 0 at offset ${r.pos}`);
  skip(r, tag & 7, end, 0);
}

export function bytesHex(r: WireReader, end: number): string {
  const stop = delimited(r, end);
  const start = r.pos;
  r.pos = stop;
  return stop === start ? '' : r.buf.hexSlice(start, stop);
}

/** int64 from the halves in r (two's complement) as a BigInt. */
export function int64(r: WireReader): bigint {
  return r.hi === 0 ? BigInt(r.lo) : BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo));
}

export function looseAnyValue(r: WireReader, end: number, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw wireError('AnyValue nested too deeply');
  let v: AnyValue = {};
  while (r.pos < end) {
    const tag = varint32(r, end);
    switch (tag) {
      case 10:
        v = { stringValue: string(r, end) };
        break;
      case 16:
        varint64(r, end);
        v = { boolValue: r.lo !== 0 || r.hi !== 0 };
        break;
      case 24:
        varint64(r, end);
        v = { intValue: int64(r) };
        break;
      case 33:
        v = { doubleValue: double(r, end) };
        break;
      case 42: {
        const stop = delimited(r, end);
        const values: AnyValue[] = [];
        while (r.pos < stop) {
          const t = varint32(r, stop);
          if (t === 10) values.push(looseAnyValue(r, delimited(r, stop), depth + 1));
          else skipTag(r, t, stop);
        }
        v = { arrayValue: { values } };
        break;
      }
      case 50: {
        const stop = delimited(r, end);
        const values: KeyValue[] = [];
        while (r.pos < stop) {
          const t = varint32(r, stop);
          if (t === 10) values.push(looseKeyValue(r, delimited(r, stop), depth + 1));
          else skipTag(r, t, stop);
        }
        v = { kvlistValue: { values } };
        break;
      }
      case 58: {
        const stop = delimited(r, end);
        v = { bytesValue: r.buf.subarray(r.pos, stop) };
        r.pos = stop;
        break;
      }
      default:
        skipTag(r, tag, end);
    }
  }
  return v;
}

export function looseKeyValue(r: WireReader, end: number, depth: number): KeyValue {
  const kv: KeyValue = { key: '' };
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 10) kv.key = string(r, end);
    else if (tag === 18) kv.value = looseAnyValue(r, delimited(r, end), depth + 1);
    else skipTag(r, tag, end);
  }
  return kv;
}

/** One span attribute (KeyValue) into the next pooled attribute model of the span. */
export function looseAttributeList(r: WireReader, list: KeyValue[], end: number): void {
  list.push(looseKeyValue(r, delimited(r, end), 0));
}

export function event(r: WireReader, t: TimeOut, end: number): EventModel {
  const e: EventModel = { sec: 0, ns: 0, name: '', attributes: {} };
  const attrs: KeyValue[] = [];
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 9) {
      fixed64(r, end);
      splitNanos(r.hi, r.lo, t);
      e.sec = t.sec;
      e.ns = t.ns;
    } else if (tag === 18) e.name = string(r, end);
    else if (tag === 26) looseAttributeList(r, attrs, end);
    else skipTag(r, tag, end);
  }
  e.attributes = taggedAttributes(attrs);
  return e;
}

export function link(r: WireReader, end: number): LinkModel {
  const l: LinkModel = { traceId: '', spanId: '', traceState: '', attributes: {} };
  const attrs: KeyValue[] = [];
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 10) l.traceId = bytesHex(r, end);
    else if (tag === 18) l.spanId = bytesHex(r, end);
    else if (tag === 26) l.traceState = string(r, end);
    else if (tag === 34) looseAttributeList(r, attrs, end);
    else skipTag(r, tag, end);
  }
  l.attributes = taggedAttributes(attrs);
  return l;
}

export function status(r: WireReader, s: SpanModel, end: number): void {
  s.statusCode = 0;
  s.statusMessage = '';
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 18) s.statusMessage = string(r, end);
    else if (tag === 24) s.statusCode = varint32(r, end) | 0;
    else skipTag(r, tag, end);
  }
}
