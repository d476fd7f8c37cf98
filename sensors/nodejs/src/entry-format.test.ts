import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryIsEsm } from './entry-format.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('entryIsEsm', () => {
  it('uses the extension, then the nearest package.json type', () => {
    mkdirSync(join(dir, 'esm', 'src'), { recursive: true });
    mkdirSync(join(dir, 'cjs'), { recursive: true });
    writeFileSync(join(dir, 'esm', 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'cjs', 'package.json'), '{"name":"x"}');
    expect(entryIsEsm(join(dir, 'esm', 'src', 'main.js'))).toBe(true);
    expect(entryIsEsm(join(dir, 'esm', 'src', 'main.cjs'))).toBe(false);
    expect(entryIsEsm(join(dir, 'cjs', 'main.js'))).toBe(false);
    expect(entryIsEsm(join(dir, 'cjs', 'main.mjs'))).toBe(true);
    expect(entryIsEsm(undefined)).toBe(true);
  });
});
