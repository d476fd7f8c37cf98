/**
 * OTLP/JSON span -> span model, for the spans the model represents exactly. Returns undefined (or throws) for
 * anything unusual, and the caller then builds that span with the reference spanLine(), which produces the same
 * row or the same rejection message as before.
 */
import { taggedAttributes } from './attributes.js';
import {
  K_EMPTY,
  newSpan,
  setFromLoose,
  type AttrModel,
  type EventModel,
  type KeyTable,
  type LinkModel,
  type SpanModel,
} from './span-model.js';
import type { OtlpSpan } from './span-rows.js';
import { idHex, intEnum, str } from './values.js';

const DIGITS = /^\d{1,20}$/;
const NS = 1_000_000_000;

/** A JSON nanosecond time into t; false when it is not a plain non-negative integer the fast path handles. */
function time(v: unknown, t: { sec: number; ns: number }): boolean {
  if (v === undefined || v === null) {
    t.sec = 0;
    t.ns = 0;
    return true;
  }
  if (typeof v === 'string') {
    if (!DIGITS.test(v)) return false;
    const n = v.length;
    if (n <= 9) {
      t.sec = 0;
      t.ns = Number(v);
    } else {
      t.sec = Number(v.slice(0, n - 9));
      t.ns = Number(v.slice(n - 9));
    }
    return true;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
    t.ns = v % NS;
    t.sec = (v - t.ns) / NS;
    return true;
  }
  return false;
}

function id(v: unknown, bytes: number): string {
  return idHex(v, bytes) ?? '!';
}

export function spanFromJson(s: OtlpSpan, keys: KeyTable): SpanModel | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const m = newSpan();
  const t = { sec: 0, ns: 0 };
  m.traceId = id(s.traceId, 16);
  m.spanId = id(s.spanId, 8);
  m.parentSpanId = id(s.parentSpanId, 8);
  m.traceState = str(s.traceState);
  m.flags = (s.flags ?? 0) >>> 0;
  m.name = str(s.name);
  m.kind = intEnum(s.kind, 'span kind');
  if (!time(s.startTimeUnixNano, t)) return undefined;
  m.startSec = t.sec;
  m.startNs = t.ns;
  if (!time(s.endTimeUnixNano, t)) return undefined;
  m.endSec = t.sec;
  m.endNs = t.ns;
  m.statusCode = intEnum(s.status?.code, 'status code');
  m.statusMessage = str(s.status?.message);
  const list = s.attributes;
  if (list !== undefined && list !== null) {
    if (!Array.isArray(list)) return undefined;
    for (const kv of list) {
      // an omitted key is the empty string (proto3 JSON leaves out default values)
      if (typeof kv !== 'object' || kv === null || (kv.key !== undefined && typeof kv.key !== 'string')) return undefined;
      const a: AttrModel = { entry: keys.get(kv.key ?? ''), kind: K_EMPTY, s: '', n: 0, text: 'e:', v: undefined, ws: -1, we: 0 };
      setFromLoose(a, kv.value);
      m.attributes.push(a);
    }
    m.attrCount = m.attributes.length;
  }
  const events = s.events ?? [];
  if (!Array.isArray(events)) return undefined;
  if (events.length > 0) {
    m.events = [];
    for (const e of events) {
      if (typeof e !== 'object' || e === null || !time(e.timeUnixNano, t)) return undefined;
      const em: EventModel = { sec: t.sec, ns: t.ns, name: str(e.name), attributes: taggedAttributes(e.attributes) };
      m.events.push(em);
    }
  }
  const links = s.links ?? [];
  if (!Array.isArray(links)) return undefined;
  if (links.length > 0) {
    m.links = [];
    for (const l of links) {
      if (typeof l !== 'object' || l === null) return undefined;
      const traceId = idHex(l.traceId, 16);
      const spanId = idHex(l.spanId, 8);
      if (traceId === undefined || spanId === undefined) return undefined;
      const lm: LinkModel = { traceId, spanId, traceState: str(l.traceState), attributes: taggedAttributes(l.attributes) };
      m.links.push(lm);
    }
  }
  return m;
}
