import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRowWriter, str, takeRows } from './row-binary.js';

/** A RowBinary String as ClickHouse reads it: LEB128 byte length, then the UTF-8 bytes (Node's encoder's bytes). */
function expected(s: string): Buffer {
  const text = Buffer.from(s, 'utf8');
  const len: number[] = [];
  let n = text.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.concat([Buffer.from(len), text]);
}

const written = (strings: string[]) => {
  const w = createRowWriter(8);
  for (const s of strings) str(w, s);
  return takeRows(w);
};

describe('row-binary str', () => {
  it('writes the UTF-8 bytes after their length, on every path (short ASCII, short non-ASCII, long)', () => {
    const cases = [
      '',
      'GET',
      'a'.repeat(24),
      'a'.repeat(25),
      'a'.repeat(42),
      'a'.repeat(43),
      'a'.repeat(200),
      'café',
      `${'x'.repeat(23)}é`,
      '😀',
      'ok\u{10FFFF}',
      'lone \uD800 surrogate',
      '\u007f\u0080',
    ];
    for (const s of cases) expect(written([s]), JSON.stringify(s)).toEqual(expected(s));
    expect(written(cases)).toEqual(Buffer.concat(cases.map(expected)));
  });

  it('matches Node’s UTF-8 encoding for any strings, written one after another', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 50 }),
            fc.string({ unit: 'binary', maxLength: 50 }),
            fc.string({ unit: fc.constantFrom('a', 'Z', '\u007f', '\u0080', 'é', 'ÿ', '€', '😀', '\uD800'), maxLength: 50 }),
          ),
        ),
        (strings) => {
          expect(written(strings)).toEqual(Buffer.concat(strings.map(expected)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
