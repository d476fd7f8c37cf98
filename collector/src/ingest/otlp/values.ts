/**
 * Conversions shared by the OTLP row builders. Inputs come either from protobufjs decoding (ids as bytes,
 * 64-bit ints as Long) or from OTLP/JSON (ids as hex strings, 64-bit ints as strings or numbers).
 */
import { badRequest } from '../../errors.js';

export type LongLike = { low: number; high: number; unsigned?: boolean } | string | number | bigint | null | undefined;

const TWO32 = 4294967296n;

/** True when a nanosecond timestamp falls before `minSec` (epoch seconds), e.g. a table's retention window. */
export const beforeSec = (ns: bigint, minSec: number): boolean => Number(ns / 1_000_000_000n) < minSec;

export function toBigInt(v: LongLike): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw badRequest(`expected an integer, got ${v}`, 'INVALID_OTLP');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    if (!/^-?\d+$/.test(v)) throw badRequest(`expected an integer string, got "${v.slice(0, 40)}"`, 'INVALID_OTLP');
    return BigInt(v);
  }
  const lo = BigInt(v.low >>> 0);
  if (v.unsigned) return BigInt(v.high >>> 0) * TWO32 + lo;
  return BigInt(v.high | 0) * TWO32 + lo;
}

export function toNumber(v: LongLike): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'object' && 'low' in v) return (v.unsigned ? v.high >>> 0 : v.high | 0) * 4294967296 + (v.low >>> 0);
  return Number(v);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/**
 * An id as lower-case hex of exactly `bytes` bytes; '' when absent or all zeros is allowed for parents.
 * Returns undefined for a malformed id (the caller rejects the item).
 */
export function idHex(v: unknown, bytes: number): string | undefined {
  if (v === undefined || v === null || v === '' || (typeof v === 'object' && (v as { length?: number }).length === 0)) return '';
  if (typeof v === 'string') {
    if (v.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(v)) return undefined;
    return v.toLowerCase();
  }
  if (v instanceof Uint8Array) {
    if (v.length === 0) return '';
    if (v.length !== bytes) return undefined;
    return bytesToHex(v);
  }
  return undefined;
}

export function isZeroHex(h: string): boolean {
  return h === '' || /^0+$/.test(h);
}

export function intEnum(v: unknown, name: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  throw badRequest(`${name} must be an integer enum value`, 'INVALID_OTLP');
}

export function str(v: unknown): string {
  // numbers, booleans, Longs (their own decimal toString) from a lenient decoder
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'object':
      return v === null ? '' : (v as { toString(): string }).toString();
    default:
      return '';
  }
}
