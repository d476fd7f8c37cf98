/**
 * Hand-made protobuf wire encodings for the decoder equivalence tests: the forms protobufjs's encoder never writes
 * (fields repeated or out of order, another wire type, groups, invalid UTF-8, non-minimal varints) built field by
 * field.
 */

/** A varint (non-negative, below 2^53). */
export const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/** A length-delimited field of the given parts. */
export const ld = (field: number, ...parts: (number[] | Buffer)[]): Buffer => {
  const body = Buffer.concat(parts.map((p) => Buffer.from(p)));
  return Buffer.concat([Buffer.from([...varint(field * 8 + 2), ...varint(body.length)]), body]);
};

/** A fixed64 field (fields 1-15). */
export const f64 = (field: number, v: bigint): Buffer => {
  const b = Buffer.alloc(9);
  b[0] = field * 8 + 1;
  b.writeBigUInt64LE(v, 1);
  return b;
};

/** A double field (fields 1-15). */
export const dbl = (field: number, v: number): Buffer => {
  const b = Buffer.alloc(9);
  b[0] = field * 8 + 1;
  b.writeDoubleLE(v, 1);
  return b;
};

/** A string field: text (UTF-8) or raw bytes. */
export const str = (field: number, s: string | number[]): Buffer => ld(field, typeof s === 'string' ? Buffer.from(s) : s);

/** A KeyValue field around an encoded AnyValue. */
export const attr = (field: number, key: string, value: Buffer): Buffer => ld(field, str(1, key), ld(2, value));
