/**
 * Minimal protobuf wire-format reader for the purpose-built OTLP decoders. Every read is checked against the end
 * of the enclosing message, so malformed input throws a WireError (mapped to 400 by the route), never reads past
 * the buffer, and never loops forever (each step consumes at least one byte).
 */

/** Malformed wire data; the route answers 400 with the message. */
export function wireError(message: string): Error {
  const e = new Error(message);
  e.name = 'WireError';
  return e;
}

/** Node's Buffer slice methods (undocumented, but what toString() calls; protobufjs uses utf8Slice too). */
export type SliceBuffer = Buffer & {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
};

export interface WireReader {
  buf: SliceBuffer;
  pos: number;
  /** the two 32-bit halves of the last 64-bit value read (lo unsigned, hi unsigned) */
  lo: number;
  hi: number;
}

export function createReader(body: Uint8Array): WireReader {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { buf: buf as SliceBuffer, pos: 0, lo: 0, hi: 0 };
}

function truncated(): never {
  throw wireError('truncated message');
}

/** A varint as an unsigned 32-bit number (upper bits of a longer varint are dropped, as protobufjs does). */
export function varint32(r: WireReader, end: number): number {
  const b = r.buf;
  let pos = r.pos;
  if (pos >= end) truncated();
  let c = b[pos++];
  if (c < 0x80) {
    r.pos = pos;
    return c;
  }
  let v = c & 0x7f;
  let shift = 7;
  for (;;) {
    if (pos >= end) truncated();
    c = b[pos++];
    if (shift < 28) v |= (c & 0x7f) << shift;
    else if (shift === 28) v |= (c & 0x0f) << 28;
    if (c < 0x80) break;
    shift += 7;
    if (shift > 63) throw wireError('varint longer than 10 bytes');
  }
  r.pos = pos;
  return v >>> 0;
}

/** A varint as 64 bits, into r.lo / r.hi. */
export function varint64(r: WireReader, end: number): void {
  const b = r.buf;
  let pos = r.pos;
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) truncated();
    const c = b[pos++];
    if (shift < 28) lo |= (c & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (c & 0x0f) << 28;
      hi |= (c & 0x7f) >>> 4;
    } else if (shift < 64) hi |= (c & 0x7f) << (shift - 32);
    if (c < 0x80) break;
    shift += 7;
    if (shift > 63) throw wireError('varint longer than 10 bytes');
  }
  r.pos = pos;
  r.lo = lo >>> 0;
  r.hi = hi >>> 0;
}

/** Little-endian fixed64, into r.lo / r.hi. */
export function fixed64(r: WireReader, end: number): void {
  const pos = r.pos;
  if (pos + 8 > end) truncated();
  const b = r.buf;
  r.lo = (b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24)) >>> 0;
  r.hi = (b[pos + 4] | (b[pos + 5] << 8) | (b[pos + 6] << 16) | (b[pos + 7] << 24)) >>> 0;
  r.pos = pos + 8;
}

export function fixed32(r: WireReader, end: number): number {
  const pos = r.pos;
  if (pos + 4 > end) truncated();
  const b = r.buf;
  r.pos = pos + 4;
  return (b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24)) >>> 0;
}

export function double(r: WireReader, end: number): number {
  const pos = r.pos;
  if (pos + 8 > end) truncated();
  r.pos = pos + 8;
  return r.buf.readDoubleLE(pos);
}
