/**
 * The flat span shape the fast row builder reads. The purpose-built protobuf decoder produces it directly; OTLP/JSON
 * spans are converted to it when they are plain (anything unusual goes through the reference builder instead).
 * Ids are lower-case hex ('' when absent, a wrong length when malformed), times are split into whole seconds and
 * nanoseconds so they are formatted without BigInt, and attribute values carry their kind as a small number.
 */
import { tagged, type AnyValue } from './attributes.js';
import type { SliceBuffer } from './wire-reader.js';
import type { Interned } from './intern.js';
import type { Resource, Scope } from './resource.js';
import { toNumber } from './values.js';
import { PROMOTION_RULES, type PromotionRule } from './promoted.js';

/** AttrModel.kind values. K_OTHER: bytes, arrays and kvlists (`text` comes from the reference `tagged()`). */
export const K_EMPTY = 0;
export const K_STRING = 1;
export const K_BOOL = 2;
export const K_INT = 3;
export const K_DOUBLE = 4;
export const K_OTHER = 5;

/** An attribute key, shared by every occurrence of the same key (one table per builder). */
export interface KeyEntry {
  key: string;
  rule: PromotionRule | undefined;
  /** a key a JS record would not keep in insertion order (array index) or would not store (`__proto__`) */
  odd: boolean;
  /** stamp of the last span that used this key, to detect duplicate keys within a span */
  mark: number;
  /** how often string values of this key were looked up in / found in the intern table, and skipped it */
  vTries: number;
  vHits: number;
  vSkips: number;
  /** the last string value of this key, checked before the table */
  vLast: Interned | undefined;
}

export interface AttrModel {
  entry: KeyEntry;
  kind: number;
  /** the string value (Kind.String) */
  s: string;
  /** the number promotion reads (Int as a double, Double, Bool as 0/1) */
  n: number;
  /** tagged text for non-string kinds (`i:42`, `b:true`, ...) */
  text: string;
  /** the interned string value, when the decoder had one (caches its quoted form) */
  v: Interned | undefined;
  /**
   * A string value still in the request body, at [ws, we) of the span's `wire` (protobuf, a key without a promotion
   * rule: nothing reads it as a string, the row copies its bytes): `s` is not made. -1 otherwise.
   */
  ws: number;
  we: number;
}

export interface EventModel {
  sec: number;
  ns: number;
  name: string;
  attributes: Record<string, string>;
}

export interface LinkModel {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Record<string, string>;
}

export interface SpanModel {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: number;
  startSec: number;
  startNs: number;
  endSec: number;
  endNs: number;
  /** attributes[0 .. attrCount) are this span's (the array is reused across spans by the protobuf decoder) */
  attributes: AttrModel[];
  attrCount: number;
  events: EventModel[] | undefined;
  links: LinkModel[] | undefined;
  statusCode: number;
  statusMessage: string;
  /** the request body attribute values with `ws` >= 0 are in (the protobuf decoder's) */
  wire: SliceBuffer | undefined;
}

/** Receives decoded spans: group() before the spans of each ScopeSpans, span() for each (the model is reused). */
export interface SpanSink {
  group(resource: Resource | undefined, scope: Scope | undefined): void;
  span(s: SpanModel): void;
}

export interface KeyTable {
  get(key: string): KeyEntry;
  /** drops the table when it grew past its bound (call between requests); true when it did */
  trim(): boolean;
}

const ODD_KEY = /^\d+$/;

export function createKeyTable(maxKeys = 20_000): KeyTable {
  let map = new Map<string, KeyEntry>();
  return {
    get(key) {
      let e = map.get(key);
      if (e === undefined) {
        e = {
          key,
          rule: PROMOTION_RULES[key],
          odd: key === '__proto__' || ODD_KEY.test(key),
          mark: 0,
          vTries: 0,
          vHits: 0,
          vSkips: 0,
          vLast: undefined,
        };
        map.set(key, e);
      }
      return e;
    },
    trim() {
      if (map.size <= maxKeys) return false;
      map = new Map();
      return true;
    },
  };
}

export function newSpan(): SpanModel {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startSec: 0,
    startNs: 0,
    endSec: 0,
    endNs: 0,
    attributes: [],
    attrCount: 0,
    events: undefined,
    links: undefined,
    statusCode: 0,
    statusMessage: '',
    wire: undefined,
  };
}

const NS = 1_000_000_000;
/** 2^48 mod 1e9 and 2^32 mod 1e9 */
const M48 = 976_710_656;
const M32 = 294_967_296;

/** Whole seconds and nanoseconds of an unsigned 64-bit nanosecond count given as two uint32 halves (exact). */
export function splitNanos(hi: number, lo: number, out: { sec: number; ns: number }): void {
  if (hi < 0x200000) {
    const v = hi * 4294967296 + lo;
    const ns = v % NS;
    out.ns = ns;
    out.sec = (v - ns) / NS;
    return;
  }
  const ns = ((((hi >>> 16) * M48) % NS) + (((hi & 0xffff) * M32) % NS) + lo) % NS;
  out.ns = ns;
  out.sec = Math.round((hi * 4294967296 + (lo - ns)) / NS);
}

const INT_TEXT = /^-?\d{1,15}$/;

/**
 * Sets an attribute model from a loose (protobufjs/JSON-shaped) AnyValue with the reference semantics: the first
 * member in anyKind() order wins, the tagged text comes from tagged(). Throws where the reference would, and for a
 * member of the wrong type (the caller then uses the reference builder, which refuses it with its message).
 */
export function setFromLoose(a: AttrModel, v: AnyValue | null | undefined): void {
  a.ws = -1;
  a.s = '';
  a.n = 0;
  a.v = undefined;
  if (typeof v !== 'object' || v === null) {
    a.kind = K_EMPTY;
    a.text = 'e:';
    return;
  }
  const sv = v.stringValue;
  if (sv !== undefined && sv !== null) {
    if (typeof sv !== 'string') throw new Error('stringValue is not a string');
    a.kind = K_STRING;
    a.s = sv;
    a.text = '';
    return;
  }
  if (v.boolValue !== undefined && v.boolValue !== null) {
    if (typeof v.boolValue !== 'boolean') throw new Error('boolValue is not a boolean');
    a.kind = K_BOOL;
    a.text = v.boolValue ? 'b:true' : 'b:false';
    return;
  }
  const iv = v.intValue;
  if (iv !== undefined && iv !== null) {
    a.kind = K_INT;
    if (typeof iv === 'number' && Number.isSafeInteger(iv)) a.text = `i:${iv}`;
    else if (typeof iv === 'string' && INT_TEXT.test(iv)) a.text = `i:${Number(iv)}`;
    else a.text = tagged(v)!;
    a.n = toNumber(iv);
    return;
  }
  if (v.doubleValue !== undefined && v.doubleValue !== null) {
    if (typeof v.doubleValue !== 'number' && typeof v.doubleValue !== 'string') throw new Error('doubleValue is not a number');
    a.kind = K_DOUBLE;
    a.n = Number(v.doubleValue);
    a.text = `d:${a.n}`;
    return;
  }
  const t = tagged(v)!;
  a.kind = t === 'e:' ? K_EMPTY : K_OTHER;
  a.text = t;
}
