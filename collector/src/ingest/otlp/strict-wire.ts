/**
 * Protobuf wire reads with exactly protobufjs 8's acceptance rules (what the reference decoder refuses, these refuse
 * too), on top of wire-reader.ts: tags of at most 5 bytes (the 5th at most 0x0f), lengths of at most 5 bytes (the
 * 5th at most 7), booleans of at most 10 bytes (any set bit is true), strings that must be valid UTF-8 (proto3
 * strings are verified), groups skipped with a matching end tag, and messages nested at most 100 deep. Every read is
 * bounded by the end of the enclosing message; malformed data throws a WireError (a 400 for the route).
 */
import { isUtf8 } from 'node:buffer';
import { wireError, type SliceBuffer, type WireReader } from './wire-reader.js';

/** protobufjs's Reader.recursionLimit: a message nested deeper is refused */
export const RECURSION_LIMIT = 100;

function outOfRange(): never {
  throw wireError('index out of range');
}

export function checkDepth(depth: number): void {
  if (depth > RECURSION_LIMIT) throw wireError('max depth exceeded');
}

/** A 32-bit varint of at most 5 bytes whose 5th byte is at most `fifthMax` (protobufjs Reader.tag / Reader.size). */
function varint5(r: WireReader, end: number, fifthMax: number, what: string): number {
  const b = r.buf;
  let pos = r.pos;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    if (pos >= end) outOfRange();
    const c = b[pos++];
    v |= (c & 0x7f) << (7 * i);
    if (c < 0x80) {
      r.pos = pos;
      return v >>> 0;
    }
  }
  if (pos >= end) outOfRange();
  const c = b[pos++];
  if (c > fifthMax) throw wireError(`invalid ${what} encoding`);
  r.pos = pos;
  return (v | (c << 28)) >>> 0;
}

/** A tag (protobufjs Reader.tag): at most 5 bytes, the 5th below 0x10. */
export function tag(r: WireReader, end: number): number {
  const pos = r.pos;
  if (pos < end) {
    const c = r.buf[pos];
    if (c < 0x80) {
      r.pos = pos + 1;
      return c;
    }
  }
  return varint5(r, end, 0x0f, 'tag');
}

/** A length prefix (protobufjs Reader.size): at most 5 bytes, the 5th at most 7; returns the end of the bytes. */
export const size = (r: WireReader, end: number): number => checkedEnd(r, varint5(r, end, 7, 'length'), end);

function checkedEnd(r: WireReader, len: number, end: number): number {
  const stop = r.pos + len;
  if (stop > end) outOfRange();
  return stop;
}

/** protobufjs Reader.bool: at most 10 bytes, true when any payload bit is set. */
export function bool(r: WireReader, end: number): boolean {
  const b = r.buf;
  let pos = r.pos;
  let v = false;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) outOfRange();
    const c = b[pos++];
    if (c & 0x7f) v = true;
    if (c < 0x80) {
      r.pos = pos;
      return v;
    }
  }
  throw wireError('invalid varint encoding');
}

/** Refuses the bytes [start, end) unless they are valid UTF-8 (protobufjs stringVerify). */
export function verifyUtf8(b: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    if (b[i] >= 0x80) {
      if (!isUtf8(b.subarray(start, end))) throw wireError('The encoded data was not valid for encoding utf-8');
      return;
    }
  }
}

/** Checks a string field (valid UTF-8 or refused, as protobufjs stringVerify) and steps over it; returns its start. */
export function checkStr(r: WireReader, end: number): number {
  const stop = size(r, end);
  const start = r.pos;
  r.pos = stop;
  verifyUtf8(r.buf, start, stop);
  return start;
}

/**
 * The bytes [start, end) as a string when they are valid UTF-8, else a WireError. Node's decoder replaces each
 * invalid sequence with U+FFFD, so only a string holding one needs the full check (it may also be a real U+FFFD).
 */
export function utf8(buf: SliceBuffer, start: number, end: number): string {
  if (start === end) return '';
  const s = buf.utf8Slice(start, end);
  if (s.indexOf('\uFFFD') >= 0 && !isUtf8(buf.subarray(start, end))) throw wireError('The encoded data was not valid for encoding utf-8');
  return s;
}

/** A string field: valid UTF-8 or refused (protobufjs stringVerify; a BOM is kept). */
export function str(r: WireReader, end: number): string {
  const stop = size(r, end);
  const start = r.pos;
  r.pos = stop;
  return utf8(r.buf, start, stop);
}

/** Skips a varint (protobufjs Reader.skip()): any length, bounded by the message. */
function skipVarint(r: WireReader, end: number): void {
  const b = r.buf;
  let pos = r.pos;
  do {
    if (pos >= end) outOfRange();
  } while (b[pos++] & 0x80);
  r.pos = pos;
}

function skipBytes(r: WireReader, n: number, end: number): void {
  if (r.pos + n > end) outOfRange();
  r.pos += n;
}

/**
 * Skips a field of an unknown number or an unexpected wire type (protobufjs Reader.skipType): `depth` is the
 * enclosing message's, `field` its number (0 is refused; a group must end with its own number).
 */
export function skipField(r: WireReader, wireType: number, depth: number, field: number, end: number): void {
  if (depth > RECURSION_LIMIT) throw wireError('max depth exceeded');
  if (field === 0) throw wireError('illegal tag: field number 0');
  switch (wireType) {
    case 0:
      skipVarint(r, end);
      return;
    case 1:
      skipBytes(r, 8, end);
      return;
    case 2:
      r.pos = size(r, end);
      return;
    case 3:
      for (;;) {
        const t = tag(r, end);
        const nested = t >>> 3;
        if (nested === 0) throw wireError('illegal tag: field number 0');
        if ((t & 7) === 4) {
          if (nested !== field) throw wireError('invalid end group tag');
          return;
        }
        skipField(r, t & 7, depth + 1, nested, end);
      }
    case 5:
      skipBytes(r, 4, end);
      return;
    default:
      throw wireError(`invalid wire type ${wireType} at offset ${r.pos}`);
  }
}

/** An unsigned 64-bit value from its halves: a number when exact (below 2^53), else a BigInt. */
export function u64(hi: number, lo: number): number | bigint {
  return hi < 0x200000 ? hi * 4294967296 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

/** A signed 64-bit value from its halves (two's complement) as a BigInt. */
export function i64(hi: number, lo: number): bigint {
  return hi === 0 ? BigInt(lo) : BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
