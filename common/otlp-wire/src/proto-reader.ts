/**
 * A small protobuf wire reader for code that walks a message to find a few fields and copies the rest as bytes
 * (the agent's tracer intake rewrites only the resource of each ResourceSpans/ResourceMetrics and passes the spans
 * through untouched). No objects per field; malformed input throws `ProtoReadError`.
 */
export class ProtoReadError extends Error {
  readonly code = 'PROTO_READ';
}

export interface ProtoReader {
  readonly buf: Uint8Array;
  /** current offset */
  pos: number;
  /** end of the message being read */
  end: number;
  /** wire type of the field key read last */
  wire: number;
  /** the next field's number (and sets `wire`), or 0 at the end of the message */
  next(): number;
  /** an unsigned varint (exact up to 2^53; larger values lose precision, negative int64 read as a large number) */
  varint(): number;
  /** a varint as a signed int64 (two's complement), exact within ±2^53 */
  int64(): number;
  double(): number;
  /** the length of a length-delimited field; `pos` is then at its first byte */
  length(): number;
  string(len: number): string;
  /** skips the value of the field whose key was read last */
  skip(): void;
}

export function createProtoReader(buf: Uint8Array, start = 0, end = buf.length): ProtoReader {
  let view: DataView | undefined;
  const asBuffer = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const r: ProtoReader = {
    buf,
    pos: start,
    end,
    wire: 0,
    next() {
      if (r.pos >= r.end) return 0;
      const key = r.varint();
      r.wire = key & 7;
      const field = Math.floor(key / 8);
      if (field === 0) throw new ProtoReadError(`invalid field number 0 at byte ${r.pos}`);
      return field;
    },
    varint() {
      let result = 0;
      let mul = 1;
      for (let i = 0; i < 10; i++) {
        if (r.pos >= r.end) throw new ProtoReadError('truncated varint');
        const b = buf[r.pos++];
        result += (b & 0x7f) * mul;
        if (b < 0x80) return result;
        mul *= 128;
      }
      throw new ProtoReadError('varint longer than 10 bytes');
    },
    int64() {
      // low and high 32 bits apart, so a negative value (2^64 + v on the wire) comes back exact
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < 10; i++) {
        if (r.pos >= r.end) throw new ProtoReadError('truncated varint');
        const b = buf[r.pos++];
        if (i < 4) lo |= (b & 0x7f) << (7 * i);
        else if (i === 4) {
          lo |= (b & 0x0f) << 28;
          hi |= (b & 0x7f) >> 4;
        } else hi |= (b & 0x7f) << (7 * i - 32);
        if (b < 0x80) return (hi | 0) * 4294967296 + (lo >>> 0);
      }
      throw new ProtoReadError('varint longer than 10 bytes');
    },
    double() {
      if (r.pos + 8 > r.end) throw new ProtoReadError('truncated double');
      const v = (view ??= new DataView(buf.buffer, buf.byteOffset, buf.byteLength)).getFloat64(r.pos, true);
      r.pos += 8;
      return v;
    },
    length() {
      const len = r.varint();
      if (r.pos + len > r.end) throw new ProtoReadError(`length ${len} runs past the end of the message`);
      return len;
    },
    string(len) {
      const s = asBuffer.toString('utf8', r.pos, r.pos + len);
      r.pos += len;
      return s;
    },
    skip() {
      switch (r.wire) {
        case 0:
          r.varint();
          return;
        case 1:
          r.pos += 8;
          break;
        case 2: {
          const len = r.length(); // read before pos moves: `r.pos += r.length()` would add to the old pos
          r.pos += len;
          return;
        }
        case 5:
          r.pos += 4;
          break;
        default:
          throw new ProtoReadError(`unsupported wire type ${r.wire}`);
      }
      if (r.pos > r.end) throw new ProtoReadError('truncated fixed-size field');
    },
  };
  return r;
}
