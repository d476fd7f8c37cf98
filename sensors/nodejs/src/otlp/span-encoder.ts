import { createProtoWriter, WIRE, type ProtoWriter } from '@argus/otlp-wire';
import type { Link } from '@opentelemetry/api';
import type { Clock } from '../lean/clock.js';
import { LIMITS, type LeanEvent, type LeanSpan } from '../lean/span.js';
import type { LeanTracer } from '../lean/tracer.js';
import { isSqlSystem, REDACTED_KEYS, redactValue } from '../redaction.js';
import { anyValue, isAttributeValue, writeAttributes, writeKeyValue } from './attributes.js';

const { LEN, VARINT, I64, I32 } = WIRE;
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
/** distinct span attribute keys whose encoded prefix is kept */
const KEY_CACHE = 1024;

interface KeyEntry {
  /** the KeyValue's bytes up to the value: key field and the value's tag */
  prefix: Buffer | undefined;
  redact: 1 | 2 | undefined;
}

export interface EncoderResource {
  attributes: Record<string, string | number | boolean>;
  schemaUrl?: string;
}

export interface SpanEncoder {
  /** appends every ended span of `tracers` (emptying their lists) to the request's ResourceSpans; returns the span count */
  append(tracers: readonly LeanTracer[]): number;
  /** bytes of the request built so far */
  readonly size: number;
  /** the ExportTraceServiceRequest built so far (the writer's buffer, not a copy); the next append starts a new one */
  take(): Buffer;
  /** gives a taken body back once it was sent */
  recycle(body: Buffer): void;
}

/**
 * Encodes ended LeanSpans as OTLP protobuf, straight from the span objects into one reused buffer (the shared
 * @argus/otlp-wire writer). This is where a span's attributes are checked (SDK rules: valid values, non-empty keys,
 * 128 at most, the last value of a key wins), redacted (URL query values, SQL literals, credential headers) and
 * converted. Several appends build one request with one ResourceSpans (each append adds ScopeSpans to it). The
 * wire format is otlp-transformer's (int attributes as int_value, span flags with the is-remote bits).
 */
export function createSpanEncoder(resource: EncoderResource, clock: Clock, opts: { headersCaptured: boolean }): SpanEncoder {
  const w = createProtoWriter();
  const scratch = createProtoWriter(1024);
  scratch.tag(1, LEN);
  const r = scratch.begin();
  writeAttributes(scratch, 1, resource.attributes, Infinity);
  scratch.end(r);
  const resourceBytes = scratch.finish();
  /** the ResourceSpans being filled: appends add ScopeSpans to it, take() closes it (one resource per request) */
  let openResource = -1;
  const t = { lo: 0, hi: 0 };
  const time = (perfMs: number) => {
    clock.nanos(perfMs, t);
    w.fixed64(t.lo, t.hi);
  };
  const scopeBytes = (tracer: LeanTracer): Buffer => {
    scratch.tag(1, LEN);
    const m = scratch.begin();
    scratch.tag(1, LEN);
    scratch.string(tracer.name);
    if (tracer.version) {
      scratch.tag(2, LEN);
      scratch.string(tracer.version);
    }
    scratch.end(m);
    return scratch.finish();
  };

  // state of the span whose attributes are being written (no closure per span)
  let current: LeanSpan | undefined;
  let written = 0;
  let dropped = 0;
  let sql: boolean | undefined;
  const put = (key: string, value: unknown) => {
    if (value == null || key.length === 0) return;
    const entry = keys.get(key) ?? keyEntry(key);
    const kind = entry.redact;
    if (kind !== undefined || opts.headersCaptured) {
      if (kind === 2 && sql === undefined) sql = isSqlSystem(lookup(current!, 'db.system') ?? lookup(current!, 'db.system.name'));
      value = redactValue(key, value, kind, sql === true, opts.headersCaptured);
    }
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && !isAttributeValue(value)) return;
    if (written >= LIMITS.attributes) {
      dropped++;
      return;
    }
    written++;
    w.tag(9, LEN);
    const { prefix } = entry;
    if (prefix === undefined) return writeKeyValue(w, key, value);
    const kv = w.begin();
    w.raw(prefix);
    const v = w.begin();
    anyValue(w, value);
    w.end(v);
    w.end(kv);
  };
  /**
   * A span attribute's KeyValue starts with the same bytes for the same key (key field + value tag): encoded once
   * per key, with the key's redaction rule, and copied after that. Keys are few (instrumentations use fixed
   * names); past KEY_CACHE distinct keys (an app putting ids into keys) the others are written as they come.
   */
  const keys = new Map<string, KeyEntry>();
  const keyEntry = (key: string): KeyEntry => {
    const redact = REDACTED_KEYS.get(key);
    if (keys.size >= KEY_CACHE) return { prefix: undefined, redact };
    scratch.tag(1, LEN);
    scratch.string(key);
    scratch.tag(2, LEN);
    const entry = { prefix: scratch.finish(), redact };
    keys.set(key, entry);
    return entry;
  };
  /** writes the span's attributes; returns how many were dropped by the limit */
  const spanAttributes = (span: LeanSpan): number => {
    const { attrs, extra } = span;
    current = span;
    written = 0;
    dropped = 0;
    sql = undefined;
    if (attrs !== undefined) {
      for (const key in attrs) put(key, extra === undefined ? attrs[key] : lastValue(extra, key, attrs[key]));
    }
    if (extra !== undefined) {
      for (let i = 0; i < extra.length; i += 2) {
        const key = extra[i] as string;
        if ((attrs !== undefined && Object.prototype.hasOwnProperty.call(attrs, key)) || earlierIndex(extra, key, i)) continue;
        put(key, lastValue(extra, key, undefined));
      }
    }
    current = undefined;
    return dropped;
  };

  const encodeSpan = (span: LeanSpan) => {
    w.tag(2, LEN);
    const m = w.begin();
    w.tag(1, LEN);
    w.hexBytes(span.traceId);
    w.tag(2, LEN);
    w.hexBytes(span.spanId);
    const state = span.traceState?.serialize();
    if (state) {
      w.tag(3, LEN);
      w.string(state);
    }
    if (span.parentSpanId) {
      w.tag(4, LEN);
      w.hexBytes(span.parentSpanId);
    }
    w.tag(5, LEN);
    w.string(span.name);
    w.tag(6, VARINT);
    w.varint(span.kind + 1);
    w.tag(7, I64);
    time(span.startMs);
    w.tag(8, I64);
    time(span.endMs);
    count(w, 10, spanAttributes(span));
    if (span.events !== undefined) for (const e of span.events) encodeEvent(e);
    count(w, 12, span.droppedEvents);
    if (span.links !== undefined) for (const l of span.links) encodeLink(l);
    count(w, 14, span.droppedLinks);
    w.tag(15, LEN);
    const st = w.begin();
    if (span.statusMessage) {
      w.tag(2, LEN);
      w.string(span.statusMessage);
    }
    if (span.statusCode) {
      w.tag(3, VARINT);
      w.varint(span.statusCode);
    }
    w.end(st);
    w.tag(16, I32);
    w.fixed32(1 | HAS_IS_REMOTE | (span.parentRemote ? IS_REMOTE : 0));
    w.end(m);
  };

  const encodeEvent = (event: LeanEvent) => {
    w.tag(11, LEN);
    const m = w.begin();
    w.tag(1, I64);
    time(event.time);
    w.tag(2, LEN);
    w.string(event.name);
    count(w, 4, writeAttributes(w, 3, event.attributes, LIMITS.attributes));
    w.end(m);
  };

  const encodeLink = (link: Link) => {
    const sc = link.context;
    w.tag(13, LEN);
    const m = w.begin();
    w.tag(1, LEN);
    w.hexBytes(sc.traceId);
    w.tag(2, LEN);
    w.hexBytes(sc.spanId);
    const state = sc.traceState?.serialize();
    if (state) {
      w.tag(3, LEN);
      w.string(state);
    }
    count(w, 5, writeAttributes(w, 4, link.attributes, LIMITS.attributes) + (link.droppedAttributesCount ?? 0));
    w.tag(6, I32);
    w.fixed32((sc.traceFlags & 0xff) | HAS_IS_REMOTE | (sc.isRemote ? IS_REMOTE : 0));
    w.end(m);
  };

  return {
    append(tracers) {
      let spans = 0;
      for (const tracer of tracers) {
        const list = tracer.ended;
        if (list.length === 0) continue;
        tracer.ended = [];
        if (openResource < 0) {
          w.tag(1, LEN);
          openResource = w.begin();
          w.raw(resourceBytes);
        }
        w.tag(2, LEN);
        const ss = w.begin();
        w.raw((tracer.encodedScope ??= scopeBytes(tracer)));
        for (const span of list) encodeSpan(span);
        spans += list.length;
        if (tracer.schemaUrl) {
          w.tag(3, LEN);
          w.string(tracer.schemaUrl);
        }
        w.end(ss);
      }
      return spans;
    },
    get size() {
      return w.length;
    },
    take() {
      if (openResource >= 0) {
        if (resource.schemaUrl) {
          w.tag(3, LEN);
          w.string(resource.schemaUrl);
        }
        w.end(openResource);
        openResource = -1;
      }
      return w.detach();
    },
    recycle: (body) => w.recycle(body),
  };
}

function count(w: ProtoWriter, field: number, n: number): void {
  if (!n) return;
  w.tag(field, VARINT);
  w.varint(n);
}

/** the value a key ends up with, as with the SDK: the last valid one set after start, else the start value */
function lastValue(extra: readonly unknown[], key: string, start: unknown): unknown {
  for (let i = extra.length - 2; i >= 0; i -= 2) if (extra[i] === key && isAttributeValue(extra[i + 1])) return extra[i + 1];
  return start;
}

/** keys keep the position of their first setting (as in the SDK's attributes object) */
function earlierIndex(extra: readonly unknown[], key: string, i: number): boolean {
  for (let j = i - 2; j >= 0; j -= 2) if (extra[j] === key) return true;
  return false;
}

function lookup(span: LeanSpan, key: string): unknown {
  const start = span.attrs?.[key];
  return span.extra === undefined ? start : lastValue(span.extra, key, start);
}
