/**
 * A minimal protobuf wire writer for the agent's OTLP metrics: one growable buffer reused across requests,
 * nested messages written in place (a 5-byte length slot is reserved, then the body is shifted left to the
 * minimal varint once its length is known). No per-field objects, unlike a reflection-based encoder.
 */

export interface ProtoWriter {
  /** bytes written so far */
  readonly length: number;
  tag(field: number, wireType: 0 | 1 | 2 | 5): void;
  varint(v: number): void;
  /** int64 as a varint (negative values as 10-byte two's complement) */
  int64(v: number): void;
  double(v: number): void;
  /** fixed64 from an unsigned bigint */
  fixed64(v: bigint): void;
  /** length-delimited UTF-8 string field */
  string(field: number, s: string): void;
  /** raw pre-encoded bytes */
  raw(b: Uint8Array): void;
  /** starts a length-delimited field; returns the handle for end() */
  begin(field: number): number;
  end(handle: number): void;
  /** a copy of what was written, then resets the writer */
  finish(): Uint8Array;
}

const SLOT = 5;

export const varintSize = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

export function createProtoWriter(initial = 64 * 1024): ProtoWriter {
  let buf = Buffer.allocUnsafe(initial);
  let pos = 0;
  const ensure = (n: number) => {
    if (pos + n <= buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
    buf.copy(next, 0, 0, pos);
    buf = next;
  };
  const varint = (v: number) => {
    ensure(10);
    while (v >= 0x80) {
      buf[pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[pos++] = v;
  };
  return {
    get length() {
      return pos;
    },
    tag(field, wireType) {
      varint(field * 8 + wireType);
    },
    varint,
    int64(v) {
      if (v >= 0) return varint(v);
      ensure(10);
      let x = BigInt.asUintN(64, BigInt(v));
      while (x >= 0x80n) {
        buf[pos++] = Number(x & 0x7fn) | 0x80;
        x >>= 7n;
      }
      buf[pos++] = Number(x);
    },
    double(v) {
      ensure(8);
      buf.writeDoubleLE(v, pos);
      pos += 8;
    },
    fixed64(v) {
      ensure(8);
      buf.writeBigUInt64LE(v, pos);
      pos += 8;
    },
    string(field, s) {
      const n = Buffer.byteLength(s, 'utf8');
      varint(field * 8 + 2);
      varint(n);
      ensure(n);
      pos += buf.write(s, pos, 'utf8');
    },
    raw(b) {
      ensure(b.length);
      buf.set(b, pos);
      pos += b.length;
    },
    begin(field) {
      varint(field * 8 + 2);
      ensure(SLOT);
      const at = pos;
      pos += SLOT;
      return at;
    },
    end(at) {
      const len = pos - at - SLOT;
      const size = varintSize(len);
      buf.copyWithin(at + size, at + SLOT, pos);
      let v = len;
      let p = at;
      while (v >= 0x80) {
        buf[p++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      buf[p] = v;
      pos -= SLOT - size;
    },
    finish() {
      const out = new Uint8Array(pos);
      out.set(buf.subarray(0, pos));
      pos = 0;
      return out;
    },
  };
}
