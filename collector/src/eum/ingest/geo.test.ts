import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCountryLookup } from './geo.js';
import { buildCountryMmdb } from '../../../testing/mmdb-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-geo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createCountryLookup', () => {
  it('finds the country of an IP in a MaxMind DB file', () => {
    const path = join(dir, 'country.mmdb');
    writeFileSync(path, buildCountryMmdb('203.0.113.0', 24, 'NZ'));
    const lookup = createCountryLookup(path);
    expect(lookup('203.0.113.77')).toBe('NZ');
    expect(lookup('198.51.100.1')).toBe('');
    expect(lookup('garbage')).toBe('');
  });

  it('is empty without a database and refuses an unreadable one clearly', () => {
    expect(createCountryLookup(undefined)('203.0.113.77')).toBe('');
    writeFileSync(join(dir, 'bad.mmdb'), 'not a database');
    expect(() => createCountryLookup(join(dir, 'bad.mmdb'))).toThrow(/ARGUS_EUM_GEOIP_DB/);
  });
});
