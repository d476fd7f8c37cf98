import { badRequest } from '../errors.js';

/** A time parameter as ms since epoch: accepts integers (ms) or ISO-8601 strings. */
export function parseTime(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw badRequest(`${name} must be milliseconds since epoch or an ISO-8601 time`, 'INVALID_PARAM');
  return t;
}

/** from/to with defaults (last hour) and a sanity check. */
export function parseRange(q: (k: string) => string | undefined, defaultMs = 3_600_000): { from: number; to: number } {
  const to = parseTime(q('to'), Date.now(), 'to');
  const from = parseTime(q('from'), to - defaultMs, 'from');
  if (from > to) throw badRequest('from must not be after to', 'INVALID_PARAM');
  return { from, to };
}

export function parseIntParam(v: string | undefined, def: number, min: number, max: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer between ${min} and ${max}`, 'INVALID_PARAM');
  return n;
}

export function parseTraceId(v: string): string {
  if (!/^[0-9a-fA-F]{32}$/.test(v)) throw badRequest('trace id must be 32 hex characters', 'INVALID_PARAM');
  return v.toLowerCase();
}

/** Time filters: pass ms as {from:Int64} and compare with fromUnixTimestamp64Milli({from:Int64}) (no timezone ambiguity). */
export const dt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
