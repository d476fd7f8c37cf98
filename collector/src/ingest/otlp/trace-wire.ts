/**
 * Purpose-built decoder for OTLP ExportTraceServiceRequest protobuf bodies, straight into the span model (hex ids,
 * split timestamps, attribute kinds, interned strings) without protobufjs objects or Longs. Spans are streamed to a
 * sink one at a time in one reused model, so decoding allocates little beyond the strings. Resource and scope (read
 * once per group) and event/link attributes are decoded into the loose reference shape and handled by the reference
 * helpers. What it accepts is exactly what protobufjs 8 accepts (strict-wire.ts: UTF-8-checked strings, tags and
 * lengths of at most 5 bytes, matching group end tags, depth 100), and the values are protobufjs's (repeated
 * singular messages merged, the last oneof member wins). Unknown fields and known fields of an unexpected wire type
 * are skipped; malformed data throws a WireError.
 */
import type { Resource, Scope } from './resource.js';
import type { Interner } from './intern.js';
import {
  K_BOOL,
  K_DOUBLE,
  K_EMPTY,
  K_INT,
  K_STRING,
  newSpan,
  setFromLoose,
  splitNanos,
  type KeyEntry,
  type SpanModel,
  type SpanSink,
} from './span-model.js';
import { bytesHex, keyValue, resource, scope } from './metric-wire-common.js';
import { bool, checkStr, size, str, tag, utf8, verifyUtf8 } from './strict-wire.js';
import { event, int64, link, skipTag, status } from './trace-wire-parts.js';
import { createReader, double, fixed32, fixed64, varint32, varint64, type SliceBuffer, type WireReader } from './wire-reader.js';

interface Ctx {
  r: WireReader;
  intern: Interner;
  sink: SpanSink;
  span: SpanModel;
  t: { sec: number; ns: number };
  /** only validate attribute keys and values (UTF-8), without making their strings (decodeTraceWire's `check`) */
  check: boolean;
}

/**
 * One span attribute (a KeyValue at `depth`) into the span's next pooled attribute model. The common shape (a key
 * and one AnyValue holding a string, bool, int or double) is read in place; anything else (a repeated value field
 * that protobufjs would merge, arrays, key-value lists, bytes, unknown fields) is read again from the start as
 * protobufjs reads it (metric-wire-common.ts) and set from that loose value.
 */
function attribute(c: Ctx, s: SpanModel, end: number, depth: number): void {
  const r = c.r;
  const begin = r.pos;
  let a = s.attributes[s.attrCount];
  if (a === undefined) {
    a = { entry: undefined!, kind: K_EMPTY, s: '', n: 0, text: 'e:', v: undefined, ws: -1, we: 0 };
    s.attributes.push(a);
  } else {
    a.kind = K_EMPTY;
    a.s = '';
    a.n = 0;
    a.text = 'e:';
    a.v = undefined;
    a.ws = -1;
  }
  s.attrCount++;
  let key: number = -1;
  let keyEnd = 0;
  let vStart = -1;
  let vEnd = 0;
  let values = 0;
  let slow = false;
  while (r.pos < end && !slow) {
    const tg = tag(r, end);
    if (tg === 10) {
      // checked as UTF-8 by the interner (its ASCII paths need no check, the others decode strictly); a key
      // replaced by a later one is checked here, as protobufjs reads (and checks) every occurrence
      if (key >= 0) verifyUtf8(r.buf, key, keyEnd);
      keyEnd = size(r, end);
      key = r.pos;
      r.pos = keyEnd;
    } else if (tg === 18) {
      const stop = size(r, end);
      if (++values > 1) slow = true;
      while (r.pos < stop && !slow) {
        // a string member replaced by a later member is checked before it is forgotten
        if (vStart >= 0) verifyUtf8(r.buf, vStart, vEnd);
        switch (tag(r, stop)) {
          case 10:
            // resolved below, once the key is known
            vEnd = size(r, stop);
            vStart = r.pos;
            r.pos = vEnd;
            a.kind = K_STRING;
            a.text = '';
            break;
          case 16:
            vStart = -1;
            a.kind = K_BOOL;
            a.n = bool(r, stop) ? 1 : 0;
            a.text = a.n ? 'b:true' : 'b:false';
            break;
          case 24: {
            varint64(r, stop);
            vStart = -1;
            const hi = r.hi;
            a.kind = K_INT;
            a.n = (hi | 0) * 4294967296 + r.lo;
            if (!c.check) a.text = hi < 0x200000 || hi >= 0xffe00001 ? `i:${a.n}` : `i:${int64(r)}`;
            break;
          }
          case 33:
            vStart = -1;
            a.kind = K_DOUBLE;
            a.n = double(r, stop);
            if (!c.check) a.text = `d:${a.n}`;
            break;
          default:
            slow = true;
        }
      }
    } else slow = true;
  }
  if (slow) {
    r.pos = begin;
    const kv = keyValue(r, end, depth);
    a.entry = keyOf(c, kv.key);
    a.kind = K_EMPTY;
    a.s = '';
    a.n = 0;
    a.text = 'e:';
    a.v = undefined;
    setFromLoose(a, kv.value);
    return;
  }
  if (c.check) {
    // what the strings would refuse (intern.ts and utf8() accept exactly the valid UTF-8 verifyUtf8 accepts)
    if (key >= 0) verifyUtf8(r.buf, key, keyEnd);
    if (vStart >= 0) verifyUtf8(r.buf, vStart, vEnd);
    return;
  }
  const entry = key < 0 ? c.intern.key(r.buf, 0, 0, a.entry) : c.intern.key(r.buf, key, keyEnd, a.entry);
  a.entry = entry;
  if (vStart < 0) return;
  if (entry.rule === undefined) {
    // only the row reads it: its bytes are copied from the body (checked as utf8() would)
    verifyUtf8(r.buf, vStart, vEnd);
    a.ws = vStart;
    a.we = vEnd;
    return;
  }
  const v = c.intern.value(entry, r.buf, vStart, vEnd);
  a.v = v;
  a.s = v !== undefined ? v.s : utf8(r.buf, vStart, vEnd);
}

/** The key entry of a key read on the slow path (a string already checked). */
function keyOf(c: Ctx, key: string): KeyEntry {
  const b = Buffer.from(key, 'utf8') as SliceBuffer;
  return c.intern.key(b, 0, b.length, undefined);
}

function resetSpan(s: SpanModel): void {
  s.traceId = s.spanId = s.parentSpanId = s.traceState = s.name = s.statusMessage = '';
  s.flags = s.kind = s.startSec = s.startNs = s.endSec = s.endNs = s.statusCode = s.attrCount = 0;
  s.events = s.links = undefined;
}

/** A Span message (at depth 3: request, resource spans, scope spans, span). */
function span(c: Ctx, end: number): void {
  const r = c.r;
  const s = c.span;
  resetSpan(s);
  while (r.pos < end) {
    const tg = tag(r, end);
    switch (tg) {
      case 10:
        s.traceId = bytesHex(r, end);
        break;
      case 18:
        s.spanId = bytesHex(r, end);
        break;
      case 26:
        s.traceState = str(r, end);
        break;
      case 34:
        s.parentSpanId = bytesHex(r, end);
        break;
      case 42:
        s.name = str(r, end);
        break;
      case 48:
        s.kind = varint32(r, end) | 0;
        break;
      case 57:
        fixed64(r, end);
        splitNanos(r.hi, r.lo, c.t);
        s.startSec = c.t.sec;
        s.startNs = c.t.ns;
        break;
      case 65:
        fixed64(r, end);
        splitNanos(r.hi, r.lo, c.t);
        s.endSec = c.t.sec;
        s.endNs = c.t.ns;
        break;
      case 74:
        attribute(c, s, size(r, end), 4);
        break;
      case 80: // dropped_attributes_count
      case 96: // dropped_events_count
      case 112: // dropped_links_count
        varint32(r, end);
        break;
      case 90:
        (s.events ??= []).push(event(r, c.t, size(r, end), 4));
        break;
      case 106:
        (s.links ??= []).push(link(r, size(r, end), 4));
        break;
      case 122:
        status(r, s, size(r, end), 4);
        break;
      case 133:
        s.flags = fixed32(r, end);
        break;
      default:
        skipTag(r, tg, 3, end);
    }
  }
  c.sink.span(s);
}

/**
 * Reads every occurrence of the singular message field `want` of the message ending at `end` (merged, as
 * protobufjs merges them), skipping the other fields, then rewinds: the resource/scope must be known before the
 * spans, whatever the field order on the wire.
 */
function header<T>(
  c: Ctx,
  end: number,
  want: number,
  depth: number,
  read: (r: WireReader, end: number, depth: number, into: T | undefined) => T,
): T | undefined {
  const r = c.r;
  const start = r.pos;
  let out: T | undefined;
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === want) out = read(r, size(r, end), depth + 1, out);
    else skipTag(r, tg, depth, end);
  }
  r.pos = start;
  return out;
}

function scopeSpans(c: Ctx, end: number, res: Resource | undefined): void {
  const r = c.r;
  const sc = header<Scope>(c, end, 10, 2, scope);
  c.sink.group(res, sc);
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === 18) span(c, size(r, end));
    else if (tg === 10) r.pos = size(r, end);
    else if (tg === 26) checkStr(r, end);
    else skipTag(r, tg, 2, end);
  }
}

function resourceSpans(c: Ctx, end: number): void {
  const r = c.r;
  const res = header<Resource>(c, end, 10, 1, resource);
  while (r.pos < end) {
    const tg = tag(r, end);
    if (tg === 18) scopeSpans(c, size(r, end), res);
    else if (tg === 10) r.pos = size(r, end);
    else if (tg === 26) checkStr(r, end);
    else skipTag(r, tg, 1, end);
  }
}

/**
 * Decodes an ExportTraceServiceRequest into the sink; throws on malformed wire data (possibly after some spans).
 * `check`: the spans' attributes are validated but not read (their models hold no keys or values), for a pass that
 * only counts and checks the spans; it refuses exactly what the full decode refuses.
 */
export function decodeTraceWire(body: Uint8Array, intern: Interner, sink: SpanSink, check = false): void {
  const c: Ctx = { r: createReader(body), intern, sink, span: newSpan(), t: { sec: 0, ns: 0 }, check };
  c.span.wire = c.r.buf;
  const end = c.r.buf.length;
  while (c.r.pos < end) {
    const tg = tag(c.r, end);
    if (tg === 10) resourceSpans(c, size(c.r, end));
    else skipTag(c.r, tg, 0, end);
  }
}
