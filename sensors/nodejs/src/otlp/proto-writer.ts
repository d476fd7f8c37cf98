/**
 * A single-pass protobuf writer over one growable buffer, reused across batches. Nested messages reserve one
 * length byte and are shifted in place when their length needs more (rare: only large messages), so nothing
 * is measured twice. Strings are written straight into the buffer (UTF-8).
 */
export interface ProtoWriter {
  /** field tag (field number, wire type) */
  tag(field: number, wire: number): void;
  varint(n: number): void;
  fixed32(n: number): void;
  /** unsigned 64-bit value given as two 32-bit halves */
  fixed64(lo: number, hi: number): void;
  double(n: number): void;
  string(s: string): void;
  bytes(b: Uint8Array): void;
  /** 8 or 16 id bytes from a lower-case hex string */
  hexBytes(hex: string): void;
  /** opens a length-delimited message; returns the mark to pass to end() */
  begin(): number;
  end(mark: number): void;
  /** a copy of what was written; the writer is reset */
  finish(): Buffer;
}

export function createProtoWriter(initialBytes = 64 * 1024): ProtoWriter {
  let buf = Buffer.allocUnsafe(initialBytes);
  let pos = 0;

  const ensure = (n: number) => {
    if (pos + n <= buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(buf.length * 2, pos + n));
    buf.copy(next, 0, 0, pos);
    buf = next;
  };
  const varint = (n: number) => {
    ensure(10);
    if (n < 0) {
      // int64 two's complement: ten bytes
      let lo = n >>> 0;
      let hi = Math.floor(n / 4294967296) >>> 0;
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
  const varintSize = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);
  const hexVal = (c: number) => (c <= 57 ? c - 48 : (c | 0x20) - 87);

  return {
    tag: (field, wire) => varint((field << 3) | wire),
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
        // short ASCII (nearly every key and value): copied in JS, cheaper than a call into C++
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
      for (let i = 0; i < n; i++) buf[pos++] = (hexVal(hex.charCodeAt(2 * i)) << 4) | hexVal(hex.charCodeAt(2 * i + 1));
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
      const out = Buffer.from(buf.subarray(0, pos));
      pos = 0;
      return out;
    },
  };
}
