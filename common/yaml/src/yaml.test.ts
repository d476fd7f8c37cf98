import { describe, expect, it } from 'vitest';
import { parseYaml, YamlError } from './index.js';

const refused = (text: string, message: RegExp, limits = {}) => {
  let err: unknown;
  try {
    parseYaml(text, limits);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(YamlError);
  expect((err as YamlError).code).toBe('YAML_INVALID');
  expect((err as Error).message).toMatch(message);
};

describe('parseYaml', () => {
  it('reads the YAML 1.2 core schema: numbers, booleans, null; dates and yes/no stay strings', () => {
    expect(parseYaml('a: 1\nb: true\nc: ~\nd: 2026-01-01\ne: yes\nf: 0o17\ng: [x, "y"]\n')).toEqual({
      a: 1,
      b: true,
      c: null,
      d: '2026-01-01',
      e: 'yes',
      f: 15,
      g: ['x', 'y'],
    });
  });

  it('an empty document, or only comments, is null', () => {
    expect(parseYaml('')).toBeNull();
    expect(parseYaml('# nothing here\n')).toBeNull();
  });

  it('refuses broken YAML, duplicate keys, unknown tags and several documents with where and why', () => {
    refused('a: [1, 2\n', /\(\d+:\d+\)|flow/);
    refused('a: 1\na: 2\n', /duplicated mapping key/);
    refused('a: !!js/function "x"\n', /unknown .*tag/);
    refused('a: 1\n---\nb: 2\n', /one document expected|single document/);
  });

  it('bounds size, nesting and alias expansion (a "billion laughs" document is refused, not walked)', () => {
    refused('# padding\n'.repeat(300), /3 KiB is over the limit of 1 KiB/, { maxBytes: 1024 });
    refused('['.repeat(200) + ']'.repeat(200), /depth|nesting/i);
    const laughs = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (const [i, k] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const prev = 'abcdefgh'[i];
      laughs.push(`${k}: &${k} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    refused(laughs.join('\n'), /more than 200000 values/);
    expect(parseYaml('a: &x [1, 2]\nb: *x\n')).toEqual({ a: [1, 2], b: [1, 2] });
    refused('&a [*a, *a, *a]\n', /a cycle/);
    refused('a: &m {b: *m}\n', /a cycle/);
  });
});
