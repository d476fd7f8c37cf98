/**
 * The common OTLP messages of the metrics, trace and logs wire decoders (metric-wire.ts, trace-wire.ts, log-wire.ts),
 * read into the loose shape protobufjs gives the row builders (attributes.ts): KeyValue, AnyValue, Resource,
 * InstrumentationScope, ids as hex, the request's resource and scope levels, and Exemplar (read to be checked as
 * protobufjs checks it, then dropped: the row builders never read exemplars). protobufjs semantics are kept where
 * they change a value: the last member of a oneof wins, a singular message field seen twice is merged (its repeated
 * fields appended), a known field of an unexpected wire type is skipped like an unknown one.
 */
import type { AnyValue, KeyValue } from './attributes.js';
import type { Resource, Scope } from './resource.js';
import { bool, checkDepth, checkStr, i64, size, skipField, str, tag } from './strict-wire.js';
import { createReader, double, fixed64, varint32, varint64, type SliceBuffer, type WireReader } from './wire-reader.js';

type Base64 = { base64Slice(start: number, end: number): string };

export function keyValue(r: WireReader, end: number, depth: number, into?: KeyValue): KeyValue {
  checkDepth(depth);
  const kv: KeyValue = into ?? { key: '', value: undefined };
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) kv.key = str(r, end);
    else if (t === 18) {
      const stop = size(r, end);
      kv.value = anyValue(r, stop, depth + 1, kv.value ?? undefined);
    } else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return kv;
}

function values<T>(r: WireReader, end: number, depth: number, list: T[], item: (stop: number) => T): void {
  checkDepth(depth);
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) list.push(item(size(r, end)));
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
}

/** An AnyValue (merged into `into` when the field is repeated on the wire, as protobufjs merges it). */
export function anyValue(r: WireReader, end: number, depth: number, into?: AnyValue): AnyValue {
  checkDepth(depth);
  let v: AnyValue | undefined = into; // an empty AnyValue is made only when nothing is set
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 10:
        v = { stringValue: str(r, end) };
        break;
      case 16:
        v = { boolValue: bool(r, end) };
        break;
      case 24:
        varint64(r, end);
        v = { intValue: i64(r.hi, r.lo) };
        break;
      case 33:
        v = { doubleValue: double(r, end) };
        break;
      case 42: {
        const stop = size(r, end);
        const a = v !== undefined && Object.prototype.hasOwnProperty.call(v, 'arrayValue') && v.arrayValue ? v.arrayValue : { values: [] };
        const list = (a.values ??= []);
        values(r, stop, depth + 1, list, (s) => anyValue(r, s, depth + 2));
        v = { arrayValue: a };
        break;
      }
      case 50: {
        const stop = size(r, end);
        const k =
          v !== undefined && Object.prototype.hasOwnProperty.call(v, 'kvlistValue') && v.kvlistValue ? v.kvlistValue : { values: [] };
        const list = (k.values ??= []);
        values(r, stop, depth + 1, list, (s) => keyValue(r, s, depth + 2));
        v = { kvlistValue: k };
        break;
      }
      case 58: {
        const stop = size(r, end);
        // base64 text (the OTLP/JSON form) instead of a Buffer: the row builders render bytes as base64 or hex from it
        v = { bytesValue: stop === r.pos ? '' : (r.buf as SliceBuffer & Base64).base64Slice(r.pos, stop) };
        r.pos = stop;
        break;
      }
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return v ?? {};
}

/** A bytes field (trace and span ids) as lower-case hex ('' when empty). */
export function bytesHex(r: WireReader, end: number): string {
  const stop = size(r, end);
  const start = r.pos;
  r.pos = stop;
  return stop === start ? '' : r.buf.hexSlice(start, stop);
}

/** A repeated KeyValue field's next element, appended to `list`. */
export function attribute(r: WireReader, end: number, depth: number, list: KeyValue[]): void {
  list.push(keyValue(r, size(r, end), depth + 1));
}

/**
 * Checks a KeyValue the row builder never reads (scope attributes, metric metadata, exemplar attributes) as
 * protobufjs reads it (the same reads, so the same refusals) without building it.
 */
export function checkKeyValue(r: WireReader, end: number, depth: number): void {
  checkDepth(depth);
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) checkStr(r, end);
    else if (t === 18) checkAnyValue(r, size(r, end), depth + 1);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
}

function checkAnyValue(r: WireReader, end: number, depth: number): void {
  checkDepth(depth);
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) checkStr(r, end);
    else if (t === 16) bool(r, end);
    else if (t === 24) varint64(r, end);
    else if (t === 33) double(r, end);
    else if (t === 42 || t === 50) {
      const stop = size(r, end);
      checkDepth(depth + 1);
      while (r.pos < stop) {
        const u = tag(r, stop);
        if (u !== 10) skipField(r, u & 7, depth + 1, u >>> 3, stop);
        else if (t === 42) checkAnyValue(r, size(r, stop), depth + 2);
        else checkKeyValue(r, size(r, stop), depth + 2);
      }
    } else if (t === 58) r.pos = size(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
}

type Read<T> = (r: WireReader, end: number, depth: number) => T;

/**
 * The layout every OTLP export request nests twice (ResourceMetrics/ResourceLogs: resource, scope groups, schema URL;
 * ScopeMetrics/ScopeLogs: scope, items, schema URL): field 1 read with `head` (merged when repeated, as protobufjs
 * merges it) and returned, each field 2 read with `item` into `items`, the schema URL (3) checked and dropped.
 */
export function envelope<H, I>(
  r: WireReader,
  end: number,
  depth: number,
  head: (r: WireReader, end: number, depth: number, into?: H) => H,
  item: Read<I>,
  items: I[],
): H | undefined {
  checkDepth(depth);
  let h: H | undefined;
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 18) items.push(item(r, size(r, end), depth + 1));
    else if (t === 10) h = head(r, size(r, end), depth + 1, h);
    else if (t === 26) checkStr(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return h;
}

/** The top of an export request: each ResourceMetrics/ResourceLogs (field 1) read with `item` and handed to `each`. */
export function forEachTop<T>(body: Uint8Array, item: Read<T>, each: (v: T) => void): void {
  const r = createReader(body);
  const end = r.buf.length;
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) each(item(r, size(r, end), 1));
    else skipField(r, t & 7, 0, t >>> 3, end);
  }
}

export function resource(r: WireReader, end: number, depth: number, into?: Resource): Resource {
  checkDepth(depth);
  const out: Resource = into ?? { attributes: [] };
  const attrs = (out.attributes ??= []);
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) attribute(r, end, depth, attrs);
    else if (t === 16) varint32(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return out;
}

/** InstrumentationScope (name and version kept; attributes read and checked, not kept), merged like resource. */
export function scope(r: WireReader, end: number, depth: number, into?: Scope): Scope {
  checkDepth(depth);
  const out: Scope = into ?? { name: '', version: '' };
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 10) out.name = str(r, end);
    else if (t === 18) out.version = str(r, end);
    else if (t === 26) checkKeyValue(r, size(r, end), depth + 1);
    else if (t === 32) varint32(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return out;
}

/** An Exemplar: read and checked (attributes, strings, lengths) but not kept. */
export function exemplar(r: WireReader, end: number, depth: number): void {
  checkDepth(depth);
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 58:
        checkKeyValue(r, size(r, end), depth + 1);
        break;
      case 17: // time_unix_nano
      case 25: // as_double
      case 49: // as_int
        fixed64(r, end);
        break;
      case 34: // span_id
      case 42: // trace_id
        r.pos = size(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
}
