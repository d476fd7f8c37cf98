import type { Attributes, AttributeValue, HrTime, Link } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { createProtoWriter, type ProtoWriter } from './proto-writer.js';

type Resource = ReadableSpan['resource'];
type Scope = ReadableSpan['instrumentationScope'];

const LEN = 2;
const VARINT = 0;
const I64 = 1;
const I32 = 5;
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/**
 * Encodes finished spans as an OTLP ExportTraceServiceRequest (protobuf) in one pass, writing straight from
 * the ReadableSpan fields (same wire format as @opentelemetry/otlp-transformer: spans grouped by resource and
 * instrumentation scope, int attributes as int_value, span flags with the is-remote bits).
 */
export function createSpanEncoder(): (spans: ReadableSpan[]) => Buffer {
  const w = createProtoWriter();
  return (spans) => {
    for (const [resource, scopes] of group(spans)) {
      w.tag(1, LEN);
      const rs = w.begin();
      w.tag(1, LEN);
      const r = w.begin();
      attributes(w, resource.attributes, 1);
      w.end(r);
      for (const list of scopes.values()) scopeSpans(w, list[0].instrumentationScope, list);
      if (resource.schemaUrl) {
        w.tag(3, LEN);
        w.string(resource.schemaUrl);
      }
      w.end(rs);
    }
    return w.finish();
  };
}

function group(spans: ReadableSpan[]): Map<Resource, Map<Scope, ReadableSpan[]>> {
  const out = new Map<Resource, Map<Scope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = out.get(span.resource);
    if (!scopes) out.set(span.resource, (scopes = new Map()));
    const list = scopes.get(span.instrumentationScope);
    if (list) list.push(span);
    else scopes.set(span.instrumentationScope, [span]);
  }
  return out;
}

function scopeSpans(w: ProtoWriter, scope: Scope, spans: ReadableSpan[]): void {
  w.tag(2, LEN);
  const ss = w.begin();
  w.tag(1, LEN);
  const sc = w.begin();
  w.tag(1, LEN);
  w.string(scope.name);
  if (scope.version) {
    w.tag(2, LEN);
    w.string(scope.version);
  }
  w.end(sc);
  for (const span of spans) encodeSpan(w, span);
  if (scope.schemaUrl) {
    w.tag(3, LEN);
    w.string(scope.schemaUrl);
  }
  w.end(ss);
}

function encodeSpan(w: ProtoWriter, span: ReadableSpan): void {
  w.tag(2, LEN);
  const m = w.begin();
  const ctx = span.spanContext();
  w.tag(1, LEN);
  w.hexBytes(ctx.traceId);
  w.tag(2, LEN);
  w.hexBytes(ctx.spanId);
  const state = ctx.traceState?.serialize();
  if (state) {
    w.tag(3, LEN);
    w.string(state);
  }
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, LEN);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, LEN);
  w.string(span.name);
  if (span.kind != null) {
    w.tag(6, VARINT);
    w.varint(span.kind + 1);
  }
  w.tag(7, I64);
  time(w, span.startTime);
  w.tag(8, I64);
  time(w, span.endTime);
  attributes(w, span.attributes, 9);
  count(w, 10, span.droppedAttributesCount);
  for (const event of span.events) encodeEvent(w, event);
  count(w, 12, span.droppedEventsCount);
  for (const link of span.links) encodeLink(w, link);
  count(w, 14, span.droppedLinksCount);
  w.tag(15, LEN);
  const st = w.begin();
  if (span.status.message) {
    w.tag(2, LEN);
    w.string(span.status.message);
  }
  if (span.status.code) {
    w.tag(3, VARINT);
    w.varint(span.status.code);
  }
  w.end(st);
  w.tag(16, I32);
  w.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0));
  w.end(m);
}

function encodeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.tag(11, LEN);
  const m = w.begin();
  w.tag(1, I64);
  time(w, event.time);
  w.tag(2, LEN);
  w.string(event.name);
  if (event.attributes) attributes(w, event.attributes, 3);
  count(w, 4, event.droppedAttributesCount ?? 0);
  w.end(m);
}

function encodeLink(w: ProtoWriter, link: Link): void {
  w.tag(13, LEN);
  const m = w.begin();
  w.tag(1, LEN);
  w.hexBytes(link.context.traceId);
  w.tag(2, LEN);
  w.hexBytes(link.context.spanId);
  const state = link.context.traceState?.serialize();
  if (state) {
    w.tag(3, LEN);
    w.string(state);
  }
  if (link.attributes) attributes(w, link.attributes, 4);
  count(w, 5, link.droppedAttributesCount ?? 0);
  w.tag(6, I32);
  w.fixed32((link.context.traceFlags & 0xff) | HAS_IS_REMOTE | (link.context.isRemote ? IS_REMOTE : 0));
  w.end(m);
}

function count(w: ProtoWriter, field: number, n: number): void {
  if (!n) return;
  w.tag(field, VARINT);
  w.varint(n);
}

/** HrTime [seconds, nanos] as fixed64 nanoseconds, exact (split so no product exceeds 2^53) */
function time(w: ProtoWriter, t: HrTime): void {
  const lo16 = (t[0] & 0xffff) * 1e9;
  const hi = Math.floor(t[0] / 0x10000) * 1e9;
  // total = hi * 2^16 + lo16 + nanos
  const low = (lo16 % 0x100000000) + (hi % 0x10000) * 0x10000 + t[1];
  const high = Math.floor(lo16 / 0x100000000) + Math.floor(hi / 0x10000) + Math.floor(low / 0x100000000);
  w.fixed64(low >>> 0, high >>> 0);
}

function attributes(w: ProtoWriter, attrs: Attributes, field: number): void {
  for (const key in attrs) {
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    w.tag(field, LEN);
    const kv = w.begin();
    w.tag(1, LEN);
    w.string(key);
    w.tag(2, LEN);
    const v = w.begin();
    anyValue(w, value);
    w.end(v);
    w.end(kv);
  }
}

function anyValue(w: ProtoWriter, value: AttributeValue | null | undefined): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, LEN);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, VARINT);
      w.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        w.tag(3, VARINT);
        w.varint(value);
      } else {
        w.tag(4, I64);
        w.double(value);
      }
      return;
    default:
      if (!Array.isArray(value)) return;
      w.tag(5, LEN);
      const arr = w.begin();
      for (const item of value) {
        w.tag(1, LEN);
        const v = w.begin();
        anyValue(w, item);
        w.end(v);
      }
      w.end(arr);
  }
}
