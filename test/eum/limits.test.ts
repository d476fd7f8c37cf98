import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCountryMmdb } from '../../collector/testing/mmdb-fixture.js';

/** Per-IP rate limit (429 + Retry-After, nothing stored) and the country lookup from a local MaxMind DB file. */
let col: TestCollector;
let site: { id: string; siteKey: string };
const dir = mkdtempSync(join(tmpdir(), 'argus-eum-limits-'));
const ORIGIN = 'https://shop.example.com';

beforeAll(async () => {
  const db = join(dir, 'country.mmdb');
  writeFileSync(db, buildCountryMmdb('127.0.0.0', 8, 'NZ'));
  process.env.ARGUS_EUM_GEOIP_DB = db;
  process.env.ARGUS_EUM_RATE_PER_IP = '0.5'; // a burst of 1 request, then one every 2 s
  col = await startTestCollector();
  const r = await fetch(`${col.apiUrl}/api/v1/websites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Shop', allowedOrigins: [ORIGIN] }),
  });
  site = await r.json();
});
afterAll(async () => {
  delete process.env.ARGUS_EUM_GEOIP_DB;
  delete process.env.ARGUS_EUM_RATE_PER_IP;
  await col?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('EUM ingest limits and geo', () => {
  it('answers 429 with Retry-After beyond the per-IP rate and stores the country of accepted beacons', async () => {
    const send = (i: number) =>
      fetch(`${col.ingestUrl}/eum/v1/beacons`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN },
        body: JSON.stringify({ v: 1, k: site.siteKey, s: 's1', pl: `pl${i}`, b: [{ t: 'ce', n: `event-${i}` }] }),
      });
    const responses = await Promise.all([0, 1, 2, 3].map(send));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((x) => x === 202).length).toBeGreaterThanOrEqual(1);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited[0].json()).code).toBe('EUM_RATE_LIMITED');
    const rows = await col.deps.storage.query<{ name: string; country: string; client_ip: string }>(
      'SELECT name, country, client_ip FROM eum_beacons WHERE website_id = {w:String} ORDER BY name',
      { w: site.id },
    );
    expect(rows.length).toBe(statuses.filter((s) => s === 202).length);
    expect(rows[0]).toMatchObject({ country: 'NZ', client_ip: '127.0.0.0' });
    const b = await (
      await fetch(`${col.apiUrl}/api/v1/websites/${site.id}/breakdown/country?from=${Date.now() - 60_000}&to=${Date.now() + 1000}`)
    ).json();
    expect(b.rows[0]).toMatchObject({ value: 'NZ' });
  });
});
