/**
 * Interning of short ASCII strings straight from wire bytes: attribute keys and values repeat across spans, so a
 * small hash table (keyed by the bytes, verified against the cached string) returns the same string without
 * decoding it again. Misses (and non-ASCII or long strings) are decoded normally and replace the slot, so the
 * table never grows.
 */
import type { KeyEntry, KeyTable } from './span-model.js';
import type { SliceBuffer } from './wire-reader.js';
import { utf8 } from './strict-wire.js';

export interface Interned {
  s: string;
}

export interface Interner {
  /** the key entry of these bytes; `guess` (the key seen at this position last time) is checked first */
  key(buf: SliceBuffer, start: number, end: number, guess: KeyEntry | undefined): KeyEntry;
  /** the value string of an attribute; interned while values of that key tend to repeat */
  value(key: KeyEntry, buf: SliceBuffer, start: number, end: number): Interned | undefined;
  /** bounds the key table (call between requests) */
  trim(): void;
}

const MAX_KEY = 64;
const MAX_VALUE = 48;

export function createInterner(keys: KeyTable, bits = 12): Interner {
  const size = 1 << bits;
  const mask = size - 1;
  const keySlots = new Array<KeyEntry | undefined>(size).fill(undefined);
  const valueSlots = new Array<Interned | undefined>(size).fill(undefined);

  /** FNV-1a of the bytes, or -1 when one is not ASCII */
  function hash(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b > 0x7f) return -1;
      h = Math.imul(h ^ b, 16777619);
    }
    return (h ^ (h >>> 15)) & mask;
  }

  /** whether the bytes are the ASCII string s (a non-ASCII byte never matches: s's characters are not its bytes) */
  function same(s: string, buf: Uint8Array, start: number, end: number): boolean {
    if (s.length !== end - start) return false;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b > 0x7f || s.charCodeAt(i - start) !== b) return false;
    }
    return true;
  }

  return {
    trim() {
      if (keys.trim()) keySlots.fill(undefined);
    },
    key(buf, start, end, guess) {
      if (guess !== undefined && same(guess.key, buf, start, end)) return guess;
      if (end - start > MAX_KEY) return keys.get(utf8(buf, start, end));
      const h = hash(buf, start, end);
      if (h < 0) return keys.get(utf8(buf, start, end));
      const hit = keySlots[h];
      if (hit !== undefined && same(hit.key, buf, start, end)) return hit;
      const e = keys.get(end === start ? '' : buf.latin1Slice(start, end));
      keySlots[h] = e;
      return e;
    },
    value(key, buf, start, end) {
      if (end - start > MAX_VALUE) return undefined;
      // keys whose values rarely repeat (ids, addresses) skip the table, with an occasional retry
      if (key.vTries >= 64 && key.vHits * 4 < key.vTries && (++key.vSkips & 63) !== 0) return undefined;
      if (key.vTries >= 1024) {
        key.vTries >>= 1;
        key.vHits >>= 1;
      }
      key.vTries++;
      const last = key.vLast;
      if (last !== undefined && same(last.s, buf, start, end)) {
        key.vHits++;
        return last;
      }
      const h = hash(buf, start, end);
      if (h < 0) return undefined;
      const hit = valueSlots[h];
      if (hit !== undefined && same(hit.s, buf, start, end)) {
        key.vHits++;
        key.vLast = hit;
        return hit;
      }
      const v: Interned = { s: end === start ? '' : buf.latin1Slice(start, end) };
      valueSlots[h] = v;
      key.vLast = v;
      return v;
    },
  };
}
