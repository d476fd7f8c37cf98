/**
 * Schema-aware random protobuf for ExportMetricsServiceRequest, below what protobufjs's encoder can write: fields
 * in any order and repeated (singular messages merged, oneof members replacing each other), packed and unpacked
 * repeated scalars, known fields with another wire type, unknown fields, groups (some with a wrong end tag),
 * non-minimal varints and lengths, invalid UTF-8 and a few truncations. For the metrics differential target.
 */
import fc from 'fast-check';

type Kind = 'varint' | 'sint' | 'bool' | 'fixed64' | 'double' | 'string' | 'bytes' | 'packed64' | 'packedVarint' | `msg:${string}`;
type Schema = Record<string, ReadonlyArray<readonly [number, Kind]>>;

const KV: ReadonlyArray<readonly [number, Kind]> = [
  [1, 'string'],
  [2, 'msg:AnyValue'],
];
const SCHEMA: Schema = {
  Request: [[1, 'msg:ResourceMetrics']],
  ResourceMetrics: [
    [1, 'msg:Resource'],
    [2, 'msg:ScopeMetrics'],
    [3, 'string'],
  ],
  Resource: [
    [1, 'msg:KeyValue'],
    [2, 'varint'],
  ],
  ScopeMetrics: [
    [1, 'msg:Scope'],
    [2, 'msg:Metric'],
    [3, 'string'],
  ],
  Scope: [
    [1, 'string'],
    [2, 'string'],
    [3, 'msg:KeyValue'],
    [4, 'varint'],
  ],
  KeyValue: KV,
  AnyValue: [
    [1, 'string'],
    [2, 'bool'],
    [3, 'varint'],
    [4, 'double'],
    [5, 'msg:ArrayValue'],
    [6, 'msg:KeyValueList'],
    [7, 'bytes'],
  ],
  ArrayValue: [[1, 'msg:AnyValue']],
  KeyValueList: [[1, 'msg:KeyValue']],
  Metric: [
    [1, 'string'],
    [2, 'string'],
    [3, 'string'],
    [5, 'msg:Gauge'],
    [7, 'msg:Sum'],
    [9, 'msg:Histogram'],
    [10, 'msg:Exp'],
    [11, 'msg:Summary'],
    [12, 'msg:KeyValue'],
  ],
  Gauge: [[1, 'msg:NumberPoint']],
  Sum: [
    [1, 'msg:NumberPoint'],
    [2, 'varint'],
    [3, 'bool'],
  ],
  Histogram: [
    [1, 'msg:HistogramPoint'],
    [2, 'varint'],
  ],
  Exp: [
    [1, 'msg:ExpPoint'],
    [2, 'varint'],
  ],
  Summary: [[1, 'msg:SummaryPoint']],
  NumberPoint: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'double'],
    [6, 'fixed64'],
    [5, 'msg:Exemplar'],
    [8, 'varint'],
  ],
  HistogramPoint: [
    [9, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'packed64'],
    [7, 'packed64'],
    [8, 'msg:Exemplar'],
    [10, 'varint'],
    [11, 'double'],
    [12, 'double'],
  ],
  ExpPoint: [
    [1, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'sint'],
    [7, 'fixed64'],
    [8, 'msg:Buckets'],
    [9, 'msg:Buckets'],
    [10, 'varint'],
    [11, 'msg:Exemplar'],
    [12, 'double'],
    [13, 'double'],
    [14, 'double'],
  ],
  Buckets: [
    [1, 'sint'],
    [2, 'packedVarint'],
  ],
  SummaryPoint: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'fixed64'],
    [4, 'fixed64'],
    [5, 'double'],
    [6, 'msg:Quantile'],
    [8, 'varint'],
  ],
  Quantile: [
    [1, 'double'],
    [2, 'double'],
  ],
  Exemplar: [
    [7, 'msg:KeyValue'],
    [2, 'fixed64'],
    [3, 'double'],
    [6, 'fixed64'],
    [4, 'bytes'],
    [5, 'bytes'],
  ],
};

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

const WIRE: Record<string, number> = { varint: 0, sint: 0, bool: 0, fixed64: 1, double: 1 };
const NOW_NS = 1_764_000_000_000_000_000n;

function build(rand: () => number): Buffer {
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
    const fields = SCHEMA[name];
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
    return scalarField(f, WIRE[kind]);
  }
  const body = Buffer.from(message('Request', 0));
  return chance(0.05) ? body.subarray(0, Math.floor(rand() * body.length)) : body;
}

export const metricsWireInput: fc.Arbitrary<Buffer> = fc.integer().map((seed) => build(prng(seed)));
