/**
 * Schema-aware random protobuf below what protobufjs's encoder can write, for the decoder differentials: fields in
 * any order and repeated (singular messages merged, oneof members replacing each other), packed and unpacked
 * repeated scalars, known fields with another wire type, unknown fields, groups (some with a wrong end tag),
 * non-minimal varints and lengths, invalid UTF-8 and a few truncations. A schema names each message's fields.
 */
import fc from 'fast-check';

export type Kind =
  | 'varint'
  | 'sint'
  | 'bool'
  | 'fixed32'
  | 'fixed64'
  | 'double'
  | 'string'
  | 'bytes'
  | 'id8'
  | 'id16'
  | 'packed64'
  | 'packedVarint'
  | `msg:${string}`;
export type Schema = Record<string, ReadonlyArray<readonly [number, Kind]>>;
/** per message, the field numbers written first (each with probability 0.9), before the random ones */
export type Usual = Record<string, readonly number[]>;

/** mulberry32: a small deterministic PRNG (the input is a pure function of the seed) */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WIRE: Record<string, number> = { varint: 0, sint: 0, bool: 0, fixed32: 5, fixed64: 1, double: 1 };
const NOW_NS = 1_764_000_000_000_000_000n;

function build(schema: Schema, root: string, rand: () => number, usual: Usual): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;
  function varint(v: bigint, pad = 0): number[] {
    const out: number[] = [];
    let x = BigInt.asUintN(64, v);
    do {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      out.push(x > 0n || pad > 0 ? b | 0x80 : b);
    } while (x > 0n);
    for (let i = 0; i < pad; i++) out.push(i === pad - 1 ? 0 : 0x80);
    return out;
  }
  const len = (n: number) => varint(BigInt(n), chance(0.03) ? 1 + Math.floor(rand() * 5) : 0);
  const tag = (f: number, w: number) => varint(BigInt((f << 3) | w), chance(0.02) ? Math.floor(rand() * 6) : 0);
  function scalar(w: number): number[] {
    if (w === 0)
      return varint(
        pick([0n, 1n, 2n, 3n, -1n, 127n, 128n, 2n ** 31n, 2n ** 32n + 5n, 2n ** 63n, BigInt(Math.floor(rand() * 1e6))]),
        chance(0.05) ? 1 : 0,
      );
    if (w === 1) {
      const b = Buffer.alloc(8);
      const what = rand();
      if (what < 0.5) b.writeBigUInt64LE(NOW_NS + BigInt(Math.floor(rand() * 1e12)));
      else if (what < 0.75) b.writeDoubleLE(pick([0, -0, 1.5, NaN, Infinity, -1e300, rand() * 1000]));
      else for (let i = 0; i < 8; i++) b[i] = Math.floor(rand() * 256);
      return [...b];
    }
    if (w === 5) return [1, 2, 3, 4];
    const s = chance(0.05) ? [0xff, 0x41] : [...Buffer.from(pick(['', 'a', 'service.name', 'é', '\u{1F600}', 'x'.repeat(70), '1', '0']))];
    return [...len(s.length), ...s];
  }
  function message(name: string, depth: number): number[] {
    const out: number[] = [];
    const fields = schema[name];
    // the fields a real sender always sets (a span's ids), most of the time and first
    for (const f of usual[name] ?? []) if (chance(0.9)) out.push(...field(f, fields.find(([n]) => n === f)![1], depth));
    const n = Math.floor(rand() * (depth > 6 ? 2 : 5));
    for (let i = 0; i < n; i++) {
      if (chance(0.04)) {
        // an unknown field, or a group (its end tag matching or not)
        const f = 13 + Math.floor(rand() * 20);
        if (chance(0.3)) out.push(...tag(f, 3), ...scalarField(1, 0), ...tag(chance(0.9) ? f : f + 1, 4));
        else out.push(...scalarField(f, pick([0, 1, 2, 5])));
        continue;
      }
      const [f, kind] = pick(fields);
      out.push(...field(f, kind, depth));
    }
    return out;
  }
  function scalarField(f: number, w: number): number[] {
    return [...tag(f, w), ...scalar(w)];
  }
  function field(f: number, kind: Kind, depth: number): number[] {
    if (chance(0.05)) return scalarField(f, pick([0, 1, 2, 5]));
    if (kind.startsWith('msg:')) {
      const body = depth > 8 ? [] : message(kind.slice(4), depth + 1);
      return [...tag(f, 2), ...len(body.length), ...body];
    }
    if (kind === 'packed64' || kind === 'packedVarint') {
      const w = kind === 'packed64' ? 1 : 0;
      if (chance(0.4)) return scalarField(f, w);
      const items: number[] = [];
      for (let i = Math.floor(rand() * 4); i > 0; i--) items.push(...scalar(w));
      if (chance(0.05)) items.push(7);
      return [...tag(f, 2), ...len(items.length), ...items];
    }
    if (kind === 'string' || kind === 'bytes') return scalarField(f, 2);
    if (kind === 'id8' || kind === 'id16') {
      // mostly a valid id (8 or 16 bytes, not all zero), sometimes another length
      const n = chance(0.9) ? (kind === 'id8' ? 8 : 16) : Math.floor(rand() * 20);
      const id = Array.from({ length: n }, () => Math.floor(rand() * 256));
      return [...tag(f, 2), ...len(id.length), ...id];
    }
    return scalarField(f, WIRE[kind]);
  }
  const body = Buffer.from(message(root, 0));
  return chance(0.05) ? body.subarray(0, Math.floor(rand() * body.length)) : body;
}

/** Random wire data for the message `root` of `schema`, a pure function of fast-check's seed. */
export const wireInput = (schema: Schema, root: string, usual: Usual = {}): fc.Arbitrary<Buffer> =>
  fc.integer().map((seed) => build(schema, root, prng(seed), usual));
