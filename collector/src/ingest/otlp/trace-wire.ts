/**
 * Purpose-built decoder for OTLP ExportTraceServiceRequest protobuf bodies, straight into the span model (hex ids,
 * split timestamps, attribute kinds, interned strings) without protobufjs objects or Longs. Spans are streamed to a
 * sink one at a time in one reused model, so decoding allocates little beyond the strings. Resource and scope (read
 * once per group) and event/link attributes are decoded into the loose reference shape and handled by the reference
 * helpers. Unknown fields and known fields of an unexpected wire type are skipped; malformed data throws.
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
  type SpanModel,
  type SpanSink,
} from './span-model.js';
import { bytesHex, event, int64, link, looseAnyValue, looseAttributeList, skipTag, status } from './trace-wire-loose.js';
import { createReader, delimited, double, fixed32, fixed64, string, varint32, varint64, type WireReader } from './wire-reader.js';

interface Ctx {
  r: WireReader;
  intern: Interner;
  sink: SpanSink;
  span: SpanModel;
  t: { sec: number; ns: number };
}

function attribute(c: Ctx, s: SpanModel, end: number): void {
  const r = c.r;
  let a = s.attributes[s.attrCount];
  if (a === undefined) {
    a = { entry: undefined!, kind: K_EMPTY, s: '', n: 0, text: 'e:', v: undefined };
    s.attributes.push(a);
  } else {
    a.kind = K_EMPTY;
    a.s = '';
    a.n = 0;
    a.text = 'e:';
    a.v = undefined;
  }
  s.attrCount++;
  let key: number = -1;
  let keyEnd = 0;
  let vStart = -1;
  let vEnd = 0;
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 10) {
      keyEnd = delimited(r, end);
      key = r.pos;
      r.pos = keyEnd;
    } else if (tag === 18) {
      const stop = delimited(r, end);
      const start = r.pos;
      while (r.pos < stop) {
        const t = varint32(r, stop);
        switch (t) {
          case 10:
            // resolved below, once the key is known
            vEnd = delimited(r, stop);
            vStart = r.pos;
            r.pos = vEnd;
            a.kind = K_STRING;
            a.text = '';
            break;
          case 16:
            varint64(r, stop);
            vStart = -1;
            a.kind = K_BOOL;
            a.n = r.lo !== 0 || r.hi !== 0 ? 1 : 0;
            a.text = a.n ? 'b:true' : 'b:false';
            break;
          case 24: {
            varint64(r, stop);
            vStart = -1;
            const hi = r.hi;
            a.kind = K_INT;
            a.n = (hi | 0) * 4294967296 + r.lo;
            a.text = hi < 0x200000 || hi >= 0xffe00001 ? `i:${a.n}` : `i:${int64(r)}`;
            break;
          }
          case 33:
            vStart = -1;
            a.kind = K_DOUBLE;
            a.n = double(r, stop);
            a.text = `d:${a.n}`;
            break;
          case 42:
          case 50:
          case 58:
            // rare kinds: the whole AnyValue again in the loose shape, tagged by the reference code
            r.pos = start;
            vStart = -1;
            setFromLoose(a, looseAnyValue(r, stop, 1));
            break;
          default:
            skipTag(r, t, stop);
        }
      }
    } else skipTag(r, tag, end);
  }
  const entry = key < 0 ? c.intern.key(r.buf, 0, 0, a.entry) : c.intern.key(r.buf, key, keyEnd, a.entry);
  a.entry = entry;
  if (vStart >= 0) {
    const v = c.intern.value(entry, r.buf, vStart, vEnd);
    a.v = v;
    a.s = v !== undefined ? v.s : vStart === vEnd ? '' : r.buf.utf8Slice(vStart, vEnd);
  }
}

function resetSpan(s: SpanModel): void {
  s.traceId = s.spanId = s.parentSpanId = s.traceState = s.name = s.statusMessage = '';
  s.flags = s.kind = s.startSec = s.startNs = s.endSec = s.endNs = s.statusCode = s.attrCount = 0;
  s.events = s.links = undefined;
}

function span(c: Ctx, end: number): void {
  const r = c.r;
  const s = c.span;
  resetSpan(s);
  while (r.pos < end) {
    const tag = varint32(r, end);
    switch (tag) {
      case 10:
        s.traceId = bytesHex(r, end);
        break;
      case 18:
        s.spanId = bytesHex(r, end);
        break;
      case 26:
        s.traceState = string(r, end);
        break;
      case 34:
        s.parentSpanId = bytesHex(r, end);
        break;
      case 42:
        s.name = string(r, end);
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
        attribute(c, s, delimited(r, end));
        break;
      case 90:
        (s.events ??= []).push(event(r, c.t, delimited(r, end)));
        break;
      case 106:
        (s.links ??= []).push(link(r, delimited(r, end)));
        break;
      case 122:
        status(r, s, delimited(r, end));
        break;
      case 133:
        s.flags = fixed32(r, end);
        break;
      default:
        skipTag(r, tag, end);
    }
  }
  c.sink.span(s);
}

function scope(c: Ctx, end: number): Scope {
  const r = c.r;
  const out: Scope = { name: '', version: '' };
  while (r.pos < end) {
    const t = varint32(r, end);
    if (t === 10) out.name = string(r, end);
    else if (t === 18) out.version = string(r, end);
    else skipTag(r, t, end);
  }
  return out;
}

function resource(c: Ctx, end: number): Resource {
  const r = c.r;
  const out: Resource = { attributes: [] };
  while (r.pos < end) {
    const t = varint32(r, end);
    if (t === 10) looseAttributeList(r, out.attributes!, end);
    else skipTag(r, t, end);
  }
  return out;
}

/**
 * Reads the one field `want` (a message) of the message ending at `end`, skipping the others (the last occurrence
 * wins), then rewinds: the resource/scope must be known before the spans, whatever the field order on the wire.
 */
function header<T>(c: Ctx, end: number, want: number, read: (c: Ctx, end: number) => T): T | undefined {
  const r = c.r;
  const start = r.pos;
  let out: T | undefined;
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === want) out = read(c, delimited(r, end));
    else skipTag(r, tag, end);
  }
  r.pos = start;
  return out;
}

function scopeSpans(c: Ctx, end: number, res: Resource | undefined): void {
  const r = c.r;
  c.sink.group(res, header(c, end, 10, scope));
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 18) span(c, delimited(r, end));
    else skipTag(r, tag, end);
  }
}

function resourceSpans(c: Ctx, end: number): void {
  const r = c.r;
  const res = header(c, end, 10, resource);
  while (r.pos < end) {
    const tag = varint32(r, end);
    if (tag === 18) scopeSpans(c, delimited(r, end), res);
    else skipTag(r, tag, end);
  }
}

/** Decodes an ExportTraceServiceRequest into the sink; throws on malformed wire data (possibly after some spans). */
export function decodeTraceWire(body: Uint8Array, intern: Interner, sink: SpanSink): void {
  const c: Ctx = { r: createReader(body), intern, sink, span: newSpan(), t: { sec: 0, ns: 0 } };
  const end = c.r.buf.length;
  while (c.r.pos < end) {
    const tag = varint32(c.r, end);
    if (tag === 10) resourceSpans(c, delimited(c.r, end));
    else skipTag(c.r, tag, end);
  }
}
