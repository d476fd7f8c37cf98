/**
 * The shared writer against protobufjs's writer (the reference encoder the collector decodes with): the same fields
 * give the same bytes, including varint and length boundaries, negative int64, UTF-8 and deep nesting; the reader
 * reads back what the writer wrote.
 */
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { createProtoReader } from './proto-reader.js';
import { createProtoWriter, WIRE } from './proto-writer.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const VARINTS = [0, 1, 127, 128, 255, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 7, 2 ** 53 - 1];
const NEGATIVES = [-1, -2, -128, -(2 ** 31), -(2 ** 32) - 5, -(2 ** 53) + 1];
const STRINGS = ['', 'a', 'x'.repeat(127), 'y'.repeat(128), 'ünïcödé', '✓ check', '😀 emoji', `${'z'.repeat(126)}é`, 'é'.repeat(70)];

describe('shared protobuf writer', () => {
  it('writes varints, negative int64, fixed and double fields as protobufjs does', () => {
    const w = createProtoWriter(16);
    const ref = protobuf.Writer.create();
    for (const v of VARINTS) {
      w.tag(3, WIRE.VARINT);
      w.varint(v);
      ref.uint32(3 << 3).uint64(v);
    }
    for (const v of NEGATIVES) {
      w.tag(4, WIRE.VARINT);
      w.varint(v);
      ref.uint32(4 << 3).int64(v);
    }
    for (const v of [0, 1.5, -2.25, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300]) {
      w.tag(5, WIRE.I64);
      w.double(v);
      ref.uint32((5 << 3) | 1).double(v);
    }
    w.tag(6, WIRE.I32);
    w.fixed32(0xdeadbeef);
    ref.uint32((6 << 3) | 5).fixed32(0xdeadbeef);
    w.tag(7, WIRE.I64);
    w.fixed64(0x89abcdef, 0x12345);
    ref.uint32((7 << 3) | 1).fixed64(0x12345 * 2 ** 32 + 0x89abcdef);
    expect(hex(w.finish())).toBe(hex(ref.finish()));
  });

  it('writes strings, bytes and hex ids as protobufjs does', () => {
    const w = createProtoWriter(8);
    const ref = protobuf.Writer.create();
    for (const s of STRINGS) {
      w.tag(1, WIRE.LEN);
      w.string(s);
      ref.uint32((1 << 3) | 2).string(s);
    }
    const id = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    w.tag(2, WIRE.LEN);
    w.hexBytes('0123456789abcdeffedcba9876543210');
    w.tag(2, WIRE.LEN);
    w.hexBytes('0123456789ABCDEF');
    w.tag(3, WIRE.LEN);
    w.bytes(new Uint8Array(300).fill(7));
    ref.uint32((2 << 3) | 2).bytes(id);
    ref.uint32((2 << 3) | 2).bytes(id.subarray(0, 8));
    ref.uint32((3 << 3) | 2).bytes(new Uint8Array(300).fill(7));
    expect(hex(w.finish())).toBe(hex(ref.finish()));
  });

  it('nests messages of every length class (1- to 4-byte lengths) as protobufjs does', () => {
    const w = createProtoWriter(4);
    const ref = protobuf.Writer.create();
    for (const n of [0, 1, 126, 127, 128, 16381, 16382, 16383, 16384, 70_000, 2_097_151, 2_097_152]) {
      const payload = 'p'.repeat(Math.max(0, n - (n - 2 < 128 ? 2 : n - 3 < 16384 ? 3 : n - 4 < 2097152 ? 4 : 5)));
      w.tag(9, WIRE.LEN);
      const outer = w.begin();
      w.tag(1, WIRE.LEN);
      const inner = w.begin();
      w.tag(2, WIRE.LEN);
      w.string(payload);
      w.end(inner);
      w.tag(3, WIRE.VARINT);
      w.varint(n);
      w.end(outer);
      ref.uint32((9 << 3) | 2).fork();
      ref
        .uint32((1 << 3) | 2)
        .fork()
        .uint32((2 << 3) | 2)
        .string(payload)
        .ldelim();
      ref.uint32(3 << 3).uint32(n);
      ref.ldelim();
    }
    expect(hex(w.finish())).toBe(hex(ref.finish()));
  });

  it('raw bytes are copied as they are; finish() copies and resets, reset() drops', () => {
    const w = createProtoWriter(2);
    w.raw(Uint8Array.of(1, 2, 3));
    expect(w.length).toBe(3);
    const a = w.finish();
    expect([...a]).toEqual([1, 2, 3]);
    w.raw(Uint8Array.of(9));
    w.reset();
    w.raw(Uint8Array.of(4));
    expect([...w.finish()]).toEqual([4]);
    expect([...a]).toEqual([1, 2, 3]);
  });

  it('detach() hands over the buffer without a copy and goes on in a recycled one; view() is a window', () => {
    const w = createProtoWriter(16);
    w.raw(Uint8Array.of(1, 2, 3));
    expect([...w.view()]).toEqual([1, 2, 3]);
    const a = w.detach();
    expect([...a]).toEqual([1, 2, 3]);
    w.raw(Uint8Array.of(4));
    const b = w.detach();
    expect([...a]).toEqual([1, 2, 3]); // a new buffer: the first is untouched
    w.recycle(a);
    w.raw(Uint8Array.of(5, 6));
    const c = w.detach(); // written in the buffer taken at the last detach; the writer moves on to the recycled one
    w.raw(Uint8Array.of(7));
    const d = w.detach();
    expect(d.buffer).toBe(a.buffer);
    expect([...c]).toEqual([5, 6]);
    expect([...d]).toEqual([7]);
    expect([...b]).toEqual([4]);
  });

  it('the reader reads back what the writer wrote', () => {
    const w = createProtoWriter();
    w.tag(1, WIRE.LEN);
    const m = w.begin();
    w.tag(1, WIRE.LEN);
    w.string('key ✓');
    w.tag(2, WIRE.VARINT);
    w.varint(-42);
    w.tag(3, WIRE.I64);
    w.double(2.5);
    w.tag(4, WIRE.I32);
    w.fixed32(7);
    w.end(m);
    w.tag(2, WIRE.VARINT);
    w.varint(2 ** 40);
    const buf = w.finish();
    const r = createProtoReader(buf);
    expect(r.next()).toBe(1);
    const len = r.length();
    const end = r.pos + len;
    const sub = createProtoReader(buf, r.pos, end);
    r.pos = end;
    const seen: unknown[] = [];
    for (let f = sub.next(); f !== 0; f = sub.next()) {
      if (f === 1) seen.push(sub.string(sub.length()));
      else if (f === 2) seen.push(sub.int64());
      else if (f === 3) seen.push(sub.double());
      else sub.skip();
    }
    expect(seen).toEqual(['key ✓', -42, 2.5]);
    expect(r.next()).toBe(2);
    expect(r.varint()).toBe(2 ** 40);
    expect(r.next()).toBe(0);
    // skipping every wire type lands on the next field
    const skipped = createProtoReader(buf);
    const fields: number[] = [];
    for (let f = skipped.next(); f !== 0; f = skipped.next()) {
      fields.push(f);
      skipped.skip();
    }
    expect(fields).toEqual([1, 2]);
    const inner = createProtoReader(buf, 2, buf.length - 7);
    const wires: number[] = [];
    for (let f = inner.next(); f !== 0; f = inner.next()) {
      wires.push(inner.wire);
      inner.skip();
    }
    expect(wires).toEqual([2, 0, 1, 5]);
    expect(() => createProtoReader(Uint8Array.of(0x0a, 0x05, 1)).length()).toThrow();
    const bad = createProtoReader(Uint8Array.of(0x0a, 0x05, 1));
    bad.next();
    expect(() => bad.length()).toThrow(/past the end/);
  });
});
