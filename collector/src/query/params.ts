import { badRequest } from '../errors.js';
import { timeRange, type TimeRange } from './resolution.js';

/**
 * Hand parsing of query parameters, for routes not yet registered with apiRoute() (whose @argus/api schemas parse
 * and name the bad parameter). New routes: declare the parameters in @argus/api instead.
 */

/** A time parameter as ms since epoch: accepts integers (ms) or ISO-8601 strings. */
export function parseTime(v: string | undefined, fallback: number, name: string): number {
  if (v === undefined || v === '') return fallback;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw badRequest(`${name} must be milliseconds since epoch or an ISO-8601 time`, 'INVALID_PARAM');
  return t;
}

/** from/to with the catalogue's defaults (the last `defaultMs` ending now) and order check. */
export function parseRange(q: (k: string) => string | undefined, defaultMs = 3_600_000): TimeRange {
  const opt = (name: 'from' | 'to') => {
    const v = q(name);
    return v === undefined || v === '' ? undefined : parseTime(v, 0, name);
  };
  return timeRange({ from: opt('from'), to: opt('to') }, defaultMs);
}

export function parseIntParam(v: string | undefined, def: number, min: number, max: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw badRequest(`${name} must be an integer between ${min} and ${max}`, 'INVALID_PARAM');
  return n;
}
