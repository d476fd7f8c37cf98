/**
 * Reading a query answer in ClickHouse's RowBinaryWithNamesAndTypes instead of JSONEachRow, for answers of
 * megabytes (a 10,000-span trace): ClickHouse writes binary rows at memory speed where it escapes JSON at tens of
 * MB/s, the answer is half the bytes, and no JSON text is decoded and parsed in the collector. Rows come out as
 * JSONEachRow gives them with output_format_json_quote_64bit_integers = 0 (integers as numbers, Bool as boolean,
 * Map as an object, Array as an array), so callers can switch formats without changing how they read a row.
 */
import { ArgusError } from '../errors.js';
import type { Storage } from './storage.js';

/** Node's Buffer slice method (what Buffer#toString calls), without the argument checks. */
type ReadBuffer = Buffer & { utf8Slice(start: number, end: number): string };

interface Cursor {
  buf: ReadBuffer;
  pos: number;
}

type Decode = (c: Cursor) => unknown;

const truncated = (c: Cursor) => new ArgusError('INTERNAL', `RowBinary answer truncated (${c.buf.length} bytes, read to ${c.pos})`);

function leb128(c: Cursor): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const b = c.buf[c.pos++] as number | undefined;
    if (b === undefined) throw truncated(c);
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 128;
  }
}

function readString(c: Cursor): string {
  const n = leb128(c);
  const end = c.pos + n;
  if (end > c.buf.length) throw truncated(c);
  const s = end === c.pos ? '' : c.buf.utf8Slice(c.pos, end);
  c.pos = end;
  return s;
}

function fixed(bytes: number, read: (buf: Buffer, pos: number) => number): Decode {
  return (c) => {
    const v = read(c.buf, c.pos);
    c.pos += bytes;
    return v;
  };
}

const SCALARS: Record<string, Decode> = {
  UInt8: (c) => c.buf[c.pos++],
  Bool: (c) => c.buf[c.pos++] !== 0,
  Int8: fixed(1, (b, p) => b.readInt8(p)),
  UInt16: fixed(2, (b, p) => b.readUInt16LE(p)),
  Int16: fixed(2, (b, p) => b.readInt16LE(p)),
  UInt32: fixed(4, (b, p) => b.readUInt32LE(p)),
  Int32: fixed(4, (b, p) => b.readInt32LE(p)),
  // 64-bit integers as numbers, as JSON answers them with output_format_json_quote_64bit_integers = 0
  UInt64: fixed(8, (b, p) => b.readUInt32LE(p + 4) * 4294967296 + b.readUInt32LE(p)),
  Int64: fixed(8, (b, p) => b.readInt32LE(p + 4) * 4294967296 + b.readUInt32LE(p)),
  Float32: fixed(4, (b, p) => b.readFloatLE(p)),
  Float64: fixed(8, (b, p) => b.readDoubleLE(p)),
  String: readString,
};

/** The top-level arguments of `Name(a, b(c, d))`: ['a', 'b(c, d)']. */
function args(type: string, name: string): string[] {
  const inner = type.slice(name.length + 1, -1);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(inner.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(inner.slice(from).trim());
  return out;
}

/**
 * A decoder for one column type. Supported: (U)Int8-64, Float32/64, Bool, String and LowCardinality, Nullable,
 * Array and Map of those; select anything else (dates, FixedString, UUID) converted to one of these in SQL.
 */
export function decoderFor(type: string): Decode {
  const scalar = SCALARS[type];
  if (scalar) return scalar;
  const wrapper = /^(\w+)\(/.exec(type)?.[1];
  if (wrapper === 'LowCardinality') return decoderFor(args(type, wrapper)[0]);
  if (wrapper === 'Nullable') {
    const inner = decoderFor(args(type, wrapper)[0]);
    return (c) => (c.buf[c.pos++] === 1 ? null : inner(c));
  }
  if (wrapper === 'Array') {
    const item = decoderFor(args(type, wrapper)[0]);
    return (c) => {
      const n = leb128(c);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = item(c);
      return out;
    };
  }
  if (wrapper === 'Map') {
    const [k, v] = args(type, wrapper).map(decoderFor);
    return (c) => {
      const n = leb128(c);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const key = String(k(c));
        out[key] = v(c);
      }
      return out;
    };
  }
  throw new ArgusError('INTERNAL', `reading ${type} from RowBinary is not supported: convert it in the query`);
}

/** The rows of a RowBinaryWithNamesAndTypes answer, as objects keyed by column name. */
export function decodeRows<T>(buf: Buffer): T[] {
  const c: Cursor = { buf: buf as ReadBuffer, pos: 0 };
  if (buf.length === 0) return [];
  const n = leb128(c);
  const names = Array.from({ length: n }, () => readString(c));
  const decoders = Array.from({ length: n }, () => decoderFor(readString(c)));
  const rows: T[] = [];
  while (c.pos < buf.length) {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) row[names[i]] = decoders[i](c);
    rows.push(row as T);
  }
  if (c.pos !== buf.length) throw truncated(c);
  return rows;
}

/** Runs a parameterized SELECT and returns its rows, read as RowBinaryWithNamesAndTypes (see above). */
export async function queryRowBinary<T>(storage: Storage, sql: string, params?: Record<string, unknown>): Promise<T[]> {
  const chunks = await storage.read(async (client) => {
    const res = await client.exec({
      query: `${sql}\nFORMAT RowBinaryWithNamesAndTypes`,
      query_params: params,
      // a server answers only once the query is done, so a failure is an HTTP error, not a torn binary tail
      clickhouse_settings: { wait_end_of_query: 1 },
    });
    const out: Buffer[] = [];
    for await (const chunk of res.stream) out.push(chunk as Buffer);
    return out;
  });
  return decodeRows<T>(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}
