/**
 * A Resource's attributes read straight off the wire: keys decoded, each value kept as its encoded AnyValue
 * bytes (written back unchanged), strings and integers decoded on demand for the few lookups the intake needs.
 */
import { createProtoReader, createProtoWriter, type ProtoWriter } from '@argus/otlp-wire';

export interface WireAttr {
  key: string;
  /** the encoded AnyValue message */
  value: Uint8Array;
}

export interface WireResource {
  attrs: WireAttr[];
  /** the Resource's other fields (dropped_attributes_count, ...), as encoded, tags included */
  rest: Uint8Array[];
}

const scratch = createProtoWriter(256);

/** one KeyValue message */
export function readKeyValue(buf: Uint8Array, start: number, end: number): WireAttr {
  const kv = createProtoReader(buf, start, end);
  let key = '';
  let value: Uint8Array = new Uint8Array(0);
  for (let g = kv.next(); g !== 0; g = kv.next()) {
    if (g === 1 && kv.wire === 2) key = kv.string(kv.length());
    else if (g === 2 && kv.wire === 2) {
      const n = kv.length();
      value = buf.subarray(kv.pos, kv.pos + n);
      kv.pos += n;
    } else kv.skip();
  }
  return { key, value };
}

export function readResource(buf: Uint8Array, start: number, end: number): WireResource {
  const r = createProtoReader(buf, start, end);
  const out: WireResource = { attrs: [], rest: [] };
  for (let at = r.pos, f = r.next(); f !== 0; at = r.pos, f = r.next()) {
    if (f === 1 && r.wire === 2) {
      const len = r.length();
      out.attrs.push(readKeyValue(buf, r.pos, r.pos + len));
      r.pos += len;
    } else {
      r.skip();
      out.rest.push(buf.subarray(at, r.pos));
    }
  }
  return out;
}

/** the AnyValue as a string (string_value, or an integer as its decimal) */
export function attrString(res: WireResource, key: string): string | undefined {
  const v = find(res, key);
  if (!v) return undefined;
  const r = createProtoReader(v);
  for (let f = r.next(); f !== 0; f = r.next()) {
    if (f === 1 && r.wire === 2) return r.string(r.length());
    if (f === 3 && r.wire === 0) return String(r.int64());
    r.skip();
  }
  return undefined;
}

/** the AnyValue as a number (int_value, double_value, or a string of digits) */
export function attrNumber(res: WireResource, key: string): number | undefined {
  const v = find(res, key);
  if (!v) return undefined;
  const r = createProtoReader(v);
  for (let f = r.next(); f !== 0; f = r.next()) {
    if (f === 3 && r.wire === 0) return r.int64();
    if (f === 4 && r.wire === 1) return r.double();
    if (f === 1 && r.wire === 2) {
      const s = r.string(r.length());
      return /^\d+$/.test(s) ? Number(s) : undefined;
    }
    r.skip();
  }
  return undefined;
}

function find(res: WireResource, key: string): Uint8Array | undefined {
  for (const a of res.attrs) if (a.key === key) return a.value;
  return undefined;
}

/** sets (replaces in place, or appends) a string or integer attribute */
export function setAttr(res: WireResource, key: string, value: string | number): void {
  if (typeof value === 'string') {
    scratch.tag(1, 2);
    scratch.string(value);
  } else {
    scratch.tag(3, 0);
    scratch.varint(value);
  }
  const encoded = scratch.finish();
  for (const a of res.attrs) {
    if (a.key === key) {
      a.value = encoded;
      return;
    }
  }
  res.attrs.push({ key, value: encoded });
}

/** writes the Resource message body (the caller writes its tag and length) */
export function writeResource(w: ProtoWriter, res: WireResource): void {
  for (const a of res.attrs) {
    w.tag(1, 2);
    const kv = w.begin();
    w.tag(1, 2);
    w.string(a.key);
    w.tag(2, 2);
    w.bytes(a.value);
    w.end(kv);
  }
  for (const raw of res.rest) w.raw(raw);
}
