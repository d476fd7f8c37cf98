/**
 * The protobuf wire writer shared by the agent (OTLP metrics, tracer intake) and the Node.js tracer (spans,
 * runtime metrics): one growable buffer reused across messages, written in a single pass.
 *
 * A nested message reserves one length byte and is shifted in place when its length needs more (only messages of
 * 128 bytes or more), so nothing is measured twice and small messages cost no copy. Short ASCII strings (nearly
 * every key and value) are copied in JS, cheaper than a call into C++; others go through `Buffer.write`.
 * Output is canonical protobuf (minimal varints, fields in the order written), byte for byte what protobufjs
 * writes for the same fields.
 */

/** Wire types. */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;
type WireType = (typeof WIRE)[keyof typeof WIRE];

export interface ProtoWriter {
  /** bytes written since the last finish()/reset() */
  readonly length: number;
  /** field key (field number, wire type) */
  tag(field: number, wire: WireType): void;
  /** unsigned varint (exact up to 2^53); a negative number is written as int64 two's complement (ten bytes) */
  varint(n: number): void;
  fixed32(n: number): void;
  /** unsigned 64-bit value given as two 32-bit halves */
  fixed64(lo: number, hi: number): void;
  double(n: number): void;
  /** length-prefixed UTF-8 */
  string(s: string): void;
  /** length-prefixed bytes */
  bytes(b: Uint8Array): void;
  /** 8 or 16 id bytes, length-prefixed, from a lower-case hex string */
  hexBytes(hex: string): void;
  /** pre-encoded bytes, copied as they are (no length prefix) */
  raw(b: Uint8Array): void;
  /** opens a length-delimited message (write its tag first); returns the mark to pass to end() */
  begin(): number;
  end(mark: number): void;
  /** a copy of what was written; the writer is reset */
  finish(): Buffer;
  /**
   * What was written, without a copy: the writer's own buffer (a view of it) is handed over and the writer goes on
   * in a recycled or new one. For large messages: a fresh megabyte costs more in page faults than copying it. Give
   * the buffer back with recycle() once it is no longer used.
   */
  detach(): Buffer;
  /** returns a buffer from detach() for reuse (a few are kept) */
  recycle(b: Buffer): void;
  /** what was written, as a view of the writer's buffer: valid until the next write, finish, detach or reset */
  view(): Buffer;
  /** drops what was written */
  reset(): void;
}

const TWO_32 = 4294967296;

/** bytes of the varint of a non-negative number below 2^35 (message lengths) */
export const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** nibble value of a hex digit's char code (0-9, a-f, A-F) */
const HEX = new Uint8Array(128);
for (let c = 0; c < 128; c++) HEX[c] = c <= 57 ? (c - 48) & 0xf : ((c | 0x20) - 87) & 0xf;

const KEEP_RECYCLED = 4;

export function createProtoWriter(initialBytes = 64 * 1024): ProtoWriter {
  let buf: Buffer = Buffer.allocUnsafeSlow(initialBytes);
  let pos = 0;
  const spare: Buffer[] = [];

  const ensure = (n: number) => {
    if (pos + n <= buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(buf.length * 2, pos + n));
    buf.copy(next, 0, 0, pos);
    buf = next;
  };
  const varint = (n: number) => {
    ensure(10);
    if (n < 0) {
      // int64 two's complement: ten bytes
      let lo = n >>> 0;
      let hi = Math.floor(n / TWO_32) >>> 0;
      for (let i = 0; i < 9; i++) {
        buf[pos++] = (lo & 0x7f) | 0x80;
        lo = ((lo >>> 7) | (hi << 25)) >>> 0;
        hi >>>= 7;
      }
      buf[pos++] = lo & 0x01;
      return;
    }
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n = n > 0xffffffff ? Math.floor(n / 128) : n >>> 7;
    }
    buf[pos++] = n;
  };

  return {
    get length() {
      return pos;
    },
    tag: (field, wire) => {
      varint(field * 8 + wire);
    },
    varint,
    fixed32(n) {
      ensure(4);
      buf[pos++] = n;
      buf[pos++] = n >>> 8;
      buf[pos++] = n >>> 16;
      buf[pos++] = n >>> 24;
    },
    fixed64(lo, hi) {
      ensure(8);
      buf[pos++] = lo;
      buf[pos++] = lo >>> 8;
      buf[pos++] = lo >>> 16;
      buf[pos++] = lo >>> 24;
      buf[pos++] = hi;
      buf[pos++] = hi >>> 8;
      buf[pos++] = hi >>> 16;
      buf[pos++] = hi >>> 24;
    },
    double(n) {
      ensure(8);
      buf.writeDoubleLE(n, pos);
      pos += 8;
    },
    string(s) {
      const len = s.length;
      if (len < 0x80) {
        ensure(len + 1);
        const start = pos;
        buf[pos++] = len;
        let i = 0;
        for (; i < len; i++) {
          const c = s.charCodeAt(i);
          if (c > 0x7f) break;
          buf[pos++] = c;
        }
        if (i === len) return;
        pos = start;
      }
      const n = Buffer.byteLength(s, 'utf8');
      varint(n);
      ensure(n);
      pos += buf.write(s, pos, 'utf8');
    },
    bytes(b) {
      varint(b.length);
      ensure(b.length);
      buf.set(b, pos);
      pos += b.length;
    },
    hexBytes(hex) {
      const n = hex.length >>> 1;
      ensure(n + 1);
      buf[pos++] = n;
      for (let i = 0; i < 2 * n; i += 2) buf[pos++] = (HEX[hex.charCodeAt(i) & 0x7f] << 4) | HEX[hex.charCodeAt(i + 1) & 0x7f];
    },
    raw(b) {
      ensure(b.length);
      buf.set(b, pos);
      pos += b.length;
    },
    begin() {
      ensure(1);
      return pos++;
    },
    end(mark) {
      const len = pos - mark - 1;
      const size = varintSize(len);
      if (size > 1) {
        ensure(size - 1);
        buf.copyWithin(mark + size, mark + 1, pos);
        pos += size - 1;
      }
      let n = len;
      let at = mark;
      while (n > 0x7f) {
        buf[at++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      buf[at] = n;
    },
    finish() {
      const out = Buffer.allocUnsafe(pos);
      buf.copy(out, 0, 0, pos);
      pos = 0;
      return out;
    },
    detach() {
      const out = buf.subarray(0, pos);
      let next = spare.pop();
      // keep the larger buffer when the spare one is much smaller than what messages need now
      if (next === undefined || next.length < buf.length / 2) next = Buffer.allocUnsafeSlow(buf.length);
      buf = next;
      pos = 0;
      return out;
    },
    view: () => buf.subarray(0, pos),
    recycle(b) {
      if (spare.length < KEEP_RECYCLED && b.byteOffset === 0 && b.buffer.byteLength >= initialBytes) {
        spare.push(Buffer.from(b.buffer, 0, b.buffer.byteLength));
      }
    },
    reset() {
      pos = 0;
    },
  };
}
