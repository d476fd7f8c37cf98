/**
 * Which traces the resolver has seen within the late window, so a span arriving after its trace left memory is
 * recognized as late and the trace is read back from storage before it is reconciled (new traces need no read).
 * A Bloom filter per generation (the window is split in GENERATIONS; the oldest is dropped as time passes): a false
 * positive costs one needless read, never a wrong count. Sized from the previous generation's traffic.
 */
import { readFileSync } from 'node:fs';

const GENERATIONS = 4;
/** bits per key for ~0.1 % false positives with 10 hash probes */
const BITS_PER_KEY = 15;
const PROBES = 10;
const MIN_KEYS = 1 << 14;

interface Generation {
  start: number;
  bits: Uint32Array;
  keys: number;
  /** keys it holds at its false-positive rate */
  capacity: number;
}

export interface SeenFilter {
  add(key: string): void;
  has(key: string): boolean;
  /** rotates generations as time passes */
  tick(now: number): void;
  /** the filter as bytes, for a restart (the caller writes them off the event loop), and loading such a file */
  snapshot(): Buffer;
  load(file: string, now: number): boolean;
  bytes(): number;
}

/** two 32-bit FNV-1a variants of the key, combined for the probe positions (Kirsch-Mitzenmacher) */
function hashes(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return [h1 >>> 0, (h2 | 1) >>> 0];
}

export function createSeenFilter(windowMs: number, now = Date.now()): SeenFilter {
  const span = Math.max(1, Math.floor(windowMs / GENERATIONS));
  const make = (start: number, expected: number): Generation => {
    const capacity = Math.max(MIN_KEYS, expected);
    return { start, bits: new Uint32Array(Math.ceil((capacity * BITS_PER_KEY) / 32)), keys: 0, capacity };
  };
  /** generations whose successor started more than the window ago hold nothing the window still needs */
  const expire = (t: number) => {
    gens = gens.filter((g, i) => i === gens.length - 1 || t - gens[i + 1].start < windowMs);
  };
  let gens: Generation[] = [make(now, MIN_KEYS)];
  const probe = (g: Generation, h1: number, h2: number, set: boolean): boolean => {
    const m = g.bits.length * 32;
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const at = bit % m;
      const word = at >>> 5;
      const mask = 1 << (at & 31);
      if (set) g.bits[word] |= mask;
      else if ((g.bits[word] & mask) === 0) return false;
    }
    return true;
  };
  return {
    add(key) {
      const [h1, h2] = hashes(key);
      let g = gens[gens.length - 1];
      if (g.keys >= g.capacity) {
        // more traffic than it was sized for: a fresh, larger generation (a filter cannot grow)
        gens.push((g = make(Date.now(), g.capacity * 2)));
      }
      probe(g, h1, h2, true);
      g.keys++;
    },
    has(key) {
      const [h1, h2] = hashes(key);
      return gens.some((g) => probe(g, h1, h2, false));
    },
    tick(t) {
      const cur = gens[gens.length - 1];
      if (t - cur.start >= span) gens.push(make(t, Math.ceil(Math.max(cur.keys, cur.capacity / 2) * 1.5)));
      expire(t);
    },
    snapshot() {
      const head = Buffer.from(
        JSON.stringify(gens.map((g) => ({ start: g.start, keys: g.keys, capacity: g.capacity, words: g.bits.length }))),
      );
      const len = Buffer.alloc(4);
      len.writeUInt32LE(head.length);
      const parts = [len, head, ...gens.map((g) => Buffer.from(g.bits.buffer, g.bits.byteOffset, g.bits.byteLength))];
      return Buffer.concat(parts);
    },
    load(file, t) {
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        return false;
      }
      try {
        const n = data.readUInt32LE(0);
        const meta = JSON.parse(data.toString('utf8', 4, 4 + n)) as Array<{ start: number; keys: number; capacity: number; words: number }>;
        let pos = 4 + n;
        const loaded: Generation[] = [];
        for (const m of meta) {
          const bits = new Uint32Array(m.words);
          Buffer.from(bits.buffer).set(data.subarray(pos, pos + m.words * 4));
          pos += m.words * 4;
          loaded.push({ start: m.start, keys: m.keys, capacity: m.capacity, bits });
        }
        if (loaded.length === 0) return false;
        gens = loaded;
        expire(t);
        return true;
      } catch {
        return false;
      }
    },
    bytes: () => gens.reduce((a, g) => a + g.bits.byteLength, 0),
  };
}
