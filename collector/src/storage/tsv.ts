/**
 * Escaping for ClickHouse's TabSeparated input format. Top-level strings use the "escaped" rules (backslash,
 * tab, newline); strings inside Map/Array use the "quoted" rules (single quotes), which escape tab and newline
 * too, so a composite value never contains a raw separator.
 */
const ESCAPED = /[\\\t\n\r\0]/;
const QUOTED = /[\\'\t\n\r\0]/;

function escapeWith(s: string, quote: boolean): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 92) rep = '\\\\';
    else if (c === 9) rep = '\\t';
    else if (c === 10) rep = '\\n';
    else if (c === 13) rep = '\\r';
    else if (c === 0) rep = '\\0';
    else if (quote && c === 39) rep = "\\'";
    if (rep !== undefined) {
      out += s.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** A top-level String value. */
export function tsvString(s: string): string {
  return ESCAPED.test(s) ? escapeWith(s, false) : s;
}

/** A string inside a composite value, with its quotes. */
export function quoted(s: string): string {
  return QUOTED.test(s) ? `'${escapeWith(s, true)}'` : `'${s}'`;
}

/** Map(String, String) from a record or from parallel key/value arrays. */
export function tsvMap(record: Record<string, string>): string {
  let out = '{';
  let first = true;
  for (const k in record) {
    out += (first ? '' : ',') + quoted(k) + ':' + quoted(record[k]);
    first = false;
  }
  return out + '}';
}

/** Array(String). */
export function tsvArray(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + quoted(values[i]);
  return out + ']';
}

/** Array of numbers (Array(UInt64) / Array(Float64)); numbers are passed as decimal strings or numbers. */
export function tsvNumArray(values: readonly (number | string | bigint)[]): string {
  return `[${values.join(',')}]`;
}

/** Array(Map(String,String)). */
export function tsvMapArray(maps: readonly Record<string, string>[]): string {
  return `[${maps.map(tsvMap).join(',')}]`;
}

/**
 * ClickHouse reads a bare number as a unix timestamp only from 9 integer digits up (1973-03-03); an earlier
 * instant (a zero start time, say) must be written as a date-time text instead, or the whole batch is refused.
 */
const MIN_NUMERIC_SECONDS = 100_000_000n;

function early(seconds: bigint, frac: string): string {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac}`;
}

/** Nanoseconds since epoch as a DateTime64(9) text value: seconds with a 9-digit fraction. */
export function tsvNanos(ns: bigint): string {
  if (ns < 0n) ns = 0n;
  const s = ns / 1_000_000_000n;
  const f = (ns % 1_000_000_000n).toString();
  const frac = '000000000'.slice(f.length) + f;
  return s < MIN_NUMERIC_SECONDS ? early(s, frac) : `${s}.${frac}`;
}

/** Nanoseconds since epoch as a DateTime64(3) text value (milliseconds, truncated). */
export function tsvNanosAsMillis(ns: bigint): string {
  return tsvMillis(Number((ns < 0n ? 0n : ns) / 1_000_000n));
}

/** Milliseconds as a DateTime64(3) text value. */
export function tsvMillis(ms: number): string {
  const m = Math.max(0, Math.floor(ms));
  const s = Math.floor(m / 1000);
  const f = (m % 1000).toString();
  const frac = '000'.slice(f.length) + f;
  return s < 100_000_000 ? early(BigInt(s), frac) : `${s}.${frac}`;
}
