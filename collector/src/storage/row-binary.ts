/**
 * A growable writer of ClickHouse RowBinary values: little-endian integers, LEB128 lengths, strings as
 * length + UTF-8 bytes, FixedString as raw bytes, Map/Array as a length followed by the elements. Every function
 * takes the writer first (one monomorphic object, no closures on the hot path).
 */

/** Node's Buffer write methods (what Buffer#write calls): they return the bytes written. */
type WriteBuffer = Buffer & {
  utf8Write(s: string, offset: number, length?: number): number;
  latin1Write(s: string, offset: number, length?: number): number;
  hexWrite(s: string, offset: number, length?: number): number;
};

export interface RowWriter {
  buf: WriteBuffer;
  pos: number;
}

export function createRowWriter(initialBytes = 1 << 16): RowWriter {
  return { buf: Buffer.allocUnsafe(initialBytes) as WriteBuffer, pos: 0 };
}

/** Makes room for `n` more bytes. */
export function ensure(w: RowWriter, n: number): void {
  if (w.pos + n <= w.buf.length) return;
  let size = w.buf.length * 2;
  while (size < w.pos + n) size *= 2;
  const next = Buffer.allocUnsafe(size) as WriteBuffer;
  w.buf.copy(next, 0, 0, w.pos);
  w.buf = next;
}

/** The bytes written so far (a copy sized to fit), and the writer emptied for reuse. */
export function takeRows(w: RowWriter): Buffer {
  const out = Buffer.allocUnsafe(w.pos);
  w.buf.copy(out, 0, 0, w.pos);
  w.pos = 0;
  return out;
}

export function u8(w: RowWriter, v: number): void {
  ensure(w, 1);
  w.buf[w.pos++] = v;
}

export function u16(w: RowWriter, v: number): void {
  ensure(w, 2);
  w.buf.writeUInt16LE(v, w.pos);
  w.pos += 2;
}

export function u32(w: RowWriter, v: number): void {
  ensure(w, 4);
  w.buf.writeUInt32LE(v >>> 0, w.pos);
  w.pos += 4;
}

export function i32(w: RowWriter, v: number): void {
  ensure(w, 4);
  w.buf.writeInt32LE(v | 0, w.pos);
  w.pos += 4;
}

/** A 64-bit integer given as two unsigned 32-bit halves. */
export function u64Halves(w: RowWriter, lo: number, hi: number): void {
  ensure(w, 8);
  w.buf.writeUInt32LE(lo >>> 0, w.pos);
  w.buf.writeUInt32LE(hi >>> 0, w.pos + 4);
  w.pos += 8;
}

/** A non-negative integer below 2^53 as UInt64/Int64. */
export function u64(w: RowWriter, v: number): void {
  const lo = v % 4294967296;
  u64Halves(w, lo, (v - lo) / 4294967296);
}

/** An unsigned 64-bit integer from a BigInt. */
export function u64Big(w: RowWriter, v: bigint): void {
  ensure(w, 8);
  w.buf.writeBigUInt64LE(v, w.pos);
  w.pos += 8;
}

/** A signed 64-bit integer (Int64, DateTime64) from a BigInt. */
export function i64Big(w: RowWriter, v: bigint): void {
  ensure(w, 8);
  w.buf.writeBigInt64LE(v, w.pos);
  w.pos += 8;
}

const TWO16 = 65536;
const TWO32 = 4294967296;

/**
 * A time given as whole seconds (0 <= sec < 2^34) + nanoseconds, as DateTime64(9) (nanoseconds since epoch).
 * sec * 1e9 passes 2^53 in 2001, so the value is assembled exactly from parts that stay below 2^53:
 * sec = a * 2^16 + b, so sec * 1e9 + ns = (a * 1e9) * 2^16 + (b * 1e9 + ns).
 */
export function nanos(w: RowWriter, sec: number, ns: number): void {
  const b = sec % TWO16;
  const low = b * 1_000_000_000 + ns; // < 2^46
  const high = ((sec - b) / TWO16) * 1_000_000_000; // < 2^48; the value is high * 2^16 + low
  const highLow = high % TWO16;
  const mid = highLow * TWO16 + (low % TWO32); // < 2^33
  const lo32 = mid % TWO32;
  const hi32 = (high - highLow) / TWO16 + Math.floor(low / TWO32) + (mid - lo32) / TWO32;
  u64Halves(w, lo32, hi32);
}

/** Milliseconds since epoch as DateTime64(3). */
export function millis(w: RowWriter, ms: number): void {
  u64(w, Math.max(0, Math.trunc(ms)));
}

export function f64(w: RowWriter, v: number): void {
  ensure(w, 8);
  w.buf.writeDoubleLE(v, w.pos);
  w.pos += 8;
}

/** A LEB128 length (string and collection sizes). */
export function varint(w: RowWriter, n: number): void {
  ensure(w, 5);
  const b = w.buf;
  while (n > 0x7f) {
    b[w.pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  b[w.pos++] = n;
}

/** Strings up to this long are tried as ASCII in JavaScript first (span-binary.ts writes ~50 per span). */
const SHORT_ASCII = 24;

/** A String (also LowCardinality(String)). */
export function str(w: RowWriter, s: string): void {
  const n = s.length;
  if (n === 0) {
    u8(w, 0);
    return;
  }
  if (n < 43) {
    // at most 3 bytes per UTF-16 unit, so the length fits one LEB128 byte: write the text after it
    ensure(w, 1 + 3 * n);
    const b = w.buf;
    const at = w.pos + 1;
    if (n <= SHORT_ASCII) {
      // short ASCII text byte by byte: cheaper than a call into the native UTF-8 writer
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[at + i] = c;
      }
      if (i === n) {
        b[w.pos] = n;
        w.pos = at + n;
        return;
      }
    }
    const len = b.utf8Write(s, at);
    b[w.pos] = len;
    w.pos = at + len;
    return;
  }
  const len = Buffer.byteLength(s, 'utf8');
  varint(w, len);
  ensure(w, len);
  w.pos += w.buf.utf8Write(s, w.pos, len);
}

/** A String from UTF-8 bytes already checked: src[start, end). */
export function strBytes(w: RowWriter, src: Uint8Array, start: number, end: number): void {
  const n = end - start;
  varint(w, n);
  if (n > 32) return raw(w, src, start, end);
  // short values byte by byte: cheaper than a subarray and a native copy
  ensure(w, n);
  const b = w.buf;
  for (let i = start; i < end; i++) b[w.pos++] = src[i];
}

/** Raw bytes (FixedString(n) when exactly n long). */
export function raw(w: RowWriter, b: Uint8Array, start = 0, end = b.length): void {
  ensure(w, end - start);
  w.buf.set(b.subarray(start, end), w.pos);
  w.pos += end - start;
}

/** FixedString(n) from lower-case hex; '' gives n zero bytes. The caller has checked the length. */
export function hexFixed(w: RowWriter, hex: string, n: number): void {
  ensure(w, n);
  if (hex === '') w.buf.fill(0, w.pos, w.pos + n);
  else w.buf.hexWrite(hex, w.pos, n);
  w.pos += n;
}

/** Map(String, String) from a record (insertion order, as the TSV builders write it). */
export function recordMap(w: RowWriter, r: Record<string, string>): void {
  const keys = Object.keys(r);
  varint(w, keys.length);
  for (const k of keys) {
    str(w, k);
    str(w, r[k]);
  }
}
