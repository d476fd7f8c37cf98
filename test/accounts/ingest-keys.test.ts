import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantStore } from '../../collector/src/tenants/tenant-store.js';

/**
 * Ingest keys: hashed at rest, shown once, revocable through the API, and a key created or revoked by another
 * collector on the same storage takes effect here within 5 s (the accounts.sync job, every second here).
 */
let c: TestCollector;

beforeAll(async () => {
  c = await startTestCollector({}, { accounts: { syncMs: 1000 } });
});
afterAll(async () => {
  await c?.destroy();
});

const ingest = (key: string) =>
  fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ resourceSpans: [] }),
  }).then((r) => r.status);

/** ms until `ingest(key)` answers `status`, polling every 100 ms; fails after 5 s */
async function msUntil(key: string, status: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < 5000) {
    if ((await ingest(key)) === status) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`key still not answering ${status} after 5 s`);
}

describe('ingest keys', () => {
  it('are kept as SHA-256 only: no table holds a key in plain text, the old plain-text tables are gone', async () => {
    const created = await fetch(`${c.apiUrl}/api/v1/tenants/default/ingest-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'prod' }),
    });
    expect(created.status).toBe(201);
    const { id, key, prefix } = (await created.json()) as { id: string; key: string; prefix: string };
    expect(key).toMatch(/^ak_/);
    expect(await ingest(key)).toBe(200);
    const dump = JSON.stringify(await c.deps.storage.query('SELECT * FROM account_ingest_keys'));
    expect(dump).toContain(id);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(c.ingestKey);
    expect(dump).not.toContain(key.slice(0, 12));
    expect(key.startsWith(prefix.replace('…', ''))).toBe(true);
    const old = await c.deps.storage.query(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('tenants', 'ingest_keys')",
    );
    expect(old).toEqual([]);
    // listed without the secret; revoked at once on this collector
    const list = (await (await fetch(`${c.apiUrl}/api/v1/tenants/default/ingest-keys`)).json()) as { keys: Array<Record<string, unknown>> };
    expect(list.keys.find((k) => k.id === id)).toMatchObject({ name: 'prod', revoked: false, prefix });
    expect(JSON.stringify(list)).not.toContain(key);
    const del = await fetch(`${c.apiUrl}/api/v1/tenants/default/ingest-keys/${id}`, { method: 'DELETE' });
    expect(((await del.json()) as { revoked: boolean }).revoked).toBe(true);
    expect(await ingest(key)).toBe(401);
    expect(await ingest(c.ingestKey)).toBe(200);
  });

  it('a key created and then revoked by another collector on the same storage works, then stops, within 5 s', async () => {
    const other = await createTenantStore(c.deps.storage); // a second collector's view of the same tables
    const { id, key } = await other.createKey('default', 'from another collector');
    expect(c.deps.tenants.resolve(key)).toBeUndefined(); // not seen before a sync
    const seen = await msUntil(key, 200);
    await other.revokeKey('default', id);
    const gone = await msUntil(key, 401);
    expect(seen).toBeLessThan(5000);
    expect(gone).toBeLessThan(5000);
    // and the other way round: a key revoked here is refused by the other store after its next sync
    const mine = await c.deps.tenants.createKey('default', 'here');
    await other.sync();
    expect(other.resolve(mine.key)).toBe('default');
    await c.deps.tenants.revokeKey('default', mine.id);
    await other.sync();
    expect(other.resolve(mine.key)).toBeUndefined();
  });
});
