/**
 * OTLP AnyValue <-> storage. String attributes go to a Map(String,String) as they are; other types are tagged
 * (`b:` bool, `i:` int, `d:` double, `x:` bytes hex, `a:` array JSON, `k:` kvlist JSON, `e:` empty) in a second map,
 * so every value type round-trips exactly. Event and link attribute maps tag strings too (`s:`).
 */
import { badRequest } from '../../errors.js';
import { bytesToHex, toBigInt, type LongLike } from './values.js';

export interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: LongLike;
  doubleValue?: number | string | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
  kvlistValue?: { values?: KeyValue[] | null } | null;
  bytesValue?: Uint8Array | string | null;
}
export interface KeyValue {
  key: string;
  value?: AnyValue | null;
}

const ANY_KEYS = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] as const;
type AnyKey = (typeof ANY_KEYS)[number];

/**
 * Which oneof member an AnyValue carries. Only own properties count: protobufjs puts proto3 defaults on the
 * prototype ('' for stringValue even when boolValue is set), JSON objects have only what was sent.
 */
export function anyKind(v: AnyValue | null | undefined): AnyKey | undefined {
  if (!v) return undefined;
  for (const k of ANY_KEYS)
    if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== null && v[k] !== undefined) {
      if (!VALID[k](v[k])) throw badRequest(`an attribute's ${k} has the wrong type (${typeof v[k]})`, 'INVALID_OTLP');
      return k;
    }
  return undefined;
}

const isList = (x: unknown) => {
  const values = (x as { values?: unknown }).values;
  return typeof x === 'object' && (values === null || values === undefined || Array.isArray(values));
};
/**
 * What each member may hold: decoded protobuf gives the right types; OTLP/JSON is whatever was sent (a boolean
 * stringValue, a number bytesValue), refused here instead of failing later in the row builders.
 */
const VALID: Record<AnyKey, (x: unknown) => boolean> = {
  stringValue: (x) => typeof x === 'string',
  boolValue: (x) => typeof x === 'boolean',
  intValue: (x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'object',
  doubleValue: (x) => typeof x === 'number' || typeof x === 'string',
  bytesValue: (x) => typeof x === 'string' || x instanceof Uint8Array,
  arrayValue: isList,
  kvlistValue: (x) => isList(x) && ((x as { values?: unknown[] }).values ?? []).every((kv) => typeof kv === 'object' && kv !== null),
};

/** The string of a string AnyValue, else undefined. */
export function anyString(v: AnyValue | null | undefined): string | undefined {
  return anyKind(v) === 'stringValue' ? (v!.stringValue as string) : undefined;
}

/** OTLP/JSON form of an AnyValue (used inside tagged JSON and by the query API). */
export function toJsonAnyValue(v: AnyValue | null | undefined): Record<string, unknown> {
  switch (anyKind(v)) {
    case 'stringValue':
      return { stringValue: v!.stringValue };
    case 'boolValue':
      return { boolValue: v!.boolValue };
    case 'intValue':
      return { intValue: toBigInt(v!.intValue).toString() };
    case 'doubleValue':
      return { doubleValue: Number(v!.doubleValue) };
    case 'bytesValue':
      return { bytesValue: typeof v!.bytesValue === 'string' ? v!.bytesValue : Buffer.from(v!.bytesValue!).toString('base64') };
    case 'arrayValue':
      return { arrayValue: { values: (v!.arrayValue!.values ?? []).map(toJsonAnyValue) } };
    case 'kvlistValue':
      return {
        kvlistValue: { values: (v!.kvlistValue!.values ?? []).map((kv) => ({ key: kv.key ?? '', value: toJsonAnyValue(kv.value) })) },
      };
    default:
      return {};
  }
}

/** Tagged text of a non-string value; undefined for strings (which are stored raw). */
export function tagged(v: AnyValue | null | undefined): string | undefined {
  switch (anyKind(v)) {
    case 'stringValue':
      return undefined;
    case 'boolValue':
      return v!.boolValue ? 'b:true' : 'b:false';
    case 'intValue':
      return `i:${toBigInt(v!.intValue)}`;
    case 'doubleValue':
      return `d:${Number(v!.doubleValue)}`;
    case 'bytesValue':
      return `x:${typeof v!.bytesValue === 'string' ? Buffer.from(v!.bytesValue, 'base64').toString('hex') : bytesToHex(v!.bytesValue!)}`;
    case 'arrayValue':
      return `a:${JSON.stringify((v!.arrayValue!.values ?? []).map(toJsonAnyValue))}`;
    case 'kvlistValue':
      return `k:${JSON.stringify(toJsonAnyValue(v).kvlistValue)}`;
    default:
      return 'e:';
  }
}

export interface SplitAttributes {
  strings: Record<string, string>;
  typed: Record<string, string>;
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/**
 * An attribute list as decoded: absent is empty; OTLP/JSON may send anything, and a list that is not an array of
 * objects is refused with the request (400 INVALID_OTLP; `"attributes": {}` was a TypeError, a 500, before).
 */
export function attributeList(list: unknown): readonly KeyValue[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw badRequest(`attributes must be an array of {key, value} objects, not ${typeName(list)}`, 'INVALID_OTLP');
  for (const kv of list as unknown[])
    if (typeof kv !== 'object' || kv === null || Array.isArray(kv))
      throw badRequest(`attributes must be an array of {key, value} objects, not of ${typeName(kv)}`, 'INVALID_OTLP');
  return list as KeyValue[];
}

export function splitAttributes(list: readonly KeyValue[] | null | undefined): SplitAttributes {
  const strings: Record<string, string> = {};
  const typed: Record<string, string> = {};
  if (list) {
    for (const kv of attributeList(list)) {
      // an omitted key is the empty string (proto3 JSON leaves out default values)
      const key = (kv.key as string | undefined) ?? '';
      const s = anyString(kv.value);
      if (s !== undefined) strings[key] = s;
      else typed[key] = tagged(kv.value)!;
    }
  }
  return { strings, typed };
}

/** All values tagged (strings as `s:`), for event and link attribute maps. */
export function taggedAttributes(list: readonly KeyValue[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (list) for (const kv of list) out[(kv.key as string | undefined) ?? ''] = tagged(kv.value) ?? `s:${anyString(kv.value) ?? ''}`;
  return out;
}

/** Decodes a tagged value back to a plain JS value for API responses. */
export function untag(t: string): unknown {
  const tag = t.slice(0, 2);
  const rest = t.slice(2);
  switch (tag) {
    case 's:':
      return rest;
    case 'b:':
      return rest === 'true';
    case 'i:': {
      const n = Number(rest);
      return Number.isSafeInteger(n) ? n : rest;
    }
    case 'd:':
      return Number(rest);
    case 'x:':
      return Buffer.from(rest, 'hex').toString('base64');
    case 'a:':
      return (JSON.parse(rest) as Record<string, unknown>[]).map(plainValue);
    case 'k:':
      return Object.fromEntries(
        ((JSON.parse(rest) as { values?: { key: string; value: Record<string, unknown> }[] }).values ?? []).map((kv) => [
          kv.key,
          plainValue(kv.value),
        ]),
      );
    default:
      return null;
  }
}

function plainValue(v: Record<string, unknown>): unknown {
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if ('doubleValue' in v) return v.doubleValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) return ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(plainValue);
  if ('kvlistValue' in v)
    return Object.fromEntries(
      ((v.kvlistValue as { values?: { key: string; value: Record<string, unknown> }[] }).values ?? []).map((kv) => [
        kv.key,
        plainValue(kv.value),
      ]),
    );
  return null;
}

/** Merges the raw and typed maps of a row into one object of plain values. */
export function mergeAttributes(strings: Record<string, string>, typed: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...strings };
  for (const k in typed) out[k] = untag(typed[k]);
  return out;
}
