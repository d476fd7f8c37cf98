import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountStore } from '../../collector/src/accounts/account-store.js';
import { routePermission } from '../../collector/src/accounts/route-permissions.js';
import { tenantTables } from '../../collector/src/tenants/tenant-data.js';
import { createTenantStore } from '../../collector/src/tenants/tenant-store.js';
import { READ_ROUTE_ROLES, WRITE_ROUTE_ROLES, apiRoutes, fill, type ApiRoute } from './routes.js';
import { seedTenant } from './seed.js';

/**
 * Roles on every route (enumerated from the router, expectations written out in routes.ts), API tokens revoked
 * here or on another collector, and a tenant's deletion removing its rows from every table with a tenant column.
 */
const PRINCIPALS = ['viewer', 'editor', 'admin', 'owner', 'instance'] as const;
type Who = (typeof PRINCIPALS)[number];
const RANK: Record<string, number> = { viewer: 0, editor: 1, admin: 2, owner: 3, instance: 4 };

let c: TestCollector;
let api = '';
let routes: ApiRoute[] = [];
const tok: Partial<Record<Who, string>> = {};

const json = { 'content-type': 'application/json' };
const headersOf = (who: Who): Record<string, string> =>
  who === 'instance'
    ? { authorization: `Bearer ${c.adminToken}`, 'x-argus-tenant': 'tenant-m' }
    : { authorization: `Bearer ${tok[who] ?? ''}` };
async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: body === undefined ? headers : { ...json, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.text()) || '{}' };
}

/** runs `fn` over items with a few requests in flight */
async function pool<T>(items: T[], fn: (item: T) => Promise<void>, width = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

beforeAll(async () => {
  c = await startTestCollector({}, { authenticateFetch: false, accounts: { syncMs: 1000, purgeDelayMs: 500 } });
  api = `${c.apiUrl}/api/v1`;
  routes = apiRoutes(c.apiRoutes);
  const admin = { authorization: `Bearer ${c.adminToken}` };
  expect((await call('POST', '/tenants', admin, { id: 'tenant-m', name: 'matrix' })).status).toBe(201);
  for (const role of ['viewer', 'editor', 'admin', 'owner'] as const) {
    const r = await call('POST', '/tenants/tenant-m/tokens', admin, { name: role, role });
    tok[role] = (JSON.parse(r.body) as { token: string }).token;
  }
}, 180_000);
afterAll(async () => {
  await c?.destroy();
});

describe('roles', () => {
  it('every write route of the API is classified, both in the permission table and in this test', () => {
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(15);
    expect(writes.filter((r) => !(r.key in WRITE_ROUTE_ROLES)).map((r) => r.key)).toEqual([]);
    expect(routes.filter((r) => routePermission(r.method, r.path) === 'unmapped').map((r) => r.key)).toEqual([]);
  });

  it('role matrix: each role against each write route and each restricted read: 403 below the needed role, never 401 or 403 at or above it', async () => {
    const wrong: string[] = [];
    const cases: Array<{ r: ApiRoute; who: Who; need: string; n: number }> = [];
    for (const r of routes) {
      if (r.key === 'DELETE /tenants/:tenant') continue; // below, on a tenant of its own
      const special: Partial<Record<string, string>> = r.method === 'GET' ? READ_ROUTE_ROLES : WRITE_ROUTE_ROLES;
      const need = special[r.key] ?? (r.method === 'GET' ? 'viewer' : 'unclassified');
      if (need === 'public') continue;
      // a route every role may use is checked with the lowest role only
      for (const who of need === 'viewer' || need === 'any' ? (['viewer'] as const) : PRINCIPALS)
        cases.push({ r, who, need, n: cases.length });
    }
    await pool(cases, async ({ r, who, need, n }) => {
      const path = fill(r.path, (p) => (p === 'tenant' ? 'tenant-m' : 'no-such-id'));
      const body =
        r.method === 'GET'
          ? undefined
          : {
              name: `n-${who}-${n}`,
              id: `t-${who}-${n}`,
              role: 'viewer',
              email: `${who}-${n}@example.com`,
              allowedOrigins: ['*'],
              tenant: 'tenant-m',
            };
      const { status } = await call(r.method, path, headersOf(who), body);
      const allowed = need === 'any' || RANK[who] >= RANK[need];
      if (allowed ? status === 401 || status === 403 : status !== 403) wrong.push(`${r.key} as ${who}: ${status} (needs ${need})`);
    });
    expect(wrong).toEqual([]);
  }, 120_000);

  it('a revoked API token is refused at once; a token created or revoked on another collector within 5 s', async () => {
    const admin = { authorization: `Bearer ${c.adminToken}` };
    const created = JSON.parse((await call('POST', '/tenants/tenant-m/tokens', admin, { name: 'short-lived', role: 'viewer' })).body) as {
      id: string;
      token: string;
    };
    const use = async (t: string) => (await call('GET', '/services', { authorization: `Bearer ${t}` })).status;
    expect(await use(created.token)).toBe(200);
    expect((await call('DELETE', `/tenants/tenant-m/tokens/${created.id}`, admin)).status).toBe(200);
    expect(await use(created.token)).toBe(401);

    const other = await createAccountStore(c.deps.storage, await createTenantStore(c.deps.storage));
    const t = await other.createToken({ tenant: 'tenant-m', name: 'elsewhere', role: 'viewer', createdBy: 'test' });
    const until = async (status: number) => {
      const start = Date.now();
      while (Date.now() - start < 5000) {
        if ((await use(t.token)) === status) return Date.now() - start;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`token not answering ${status} within 5 s`);
    };
    expect(await until(200)).toBeLessThan(5000);
    await other.revokeToken('tenant-m', t.view.id);
    expect(await until(401)).toBeLessThan(5000);
  });
});

describe('tenant deletion', () => {
  it("removes the tenant's rows from every table with a tenant column (found in system.columns) and nothing else", async () => {
    const admin = { authorization: `Bearer ${c.adminToken}` };
    expect((await call('POST', '/tenants', admin, { id: 'tenant-d', name: 'doomed' })).status).toBe(201);
    const keyD = (JSON.parse((await call('POST', '/tenants/tenant-d/ingest-keys', admin, { name: 'k' })).body) as { key: string }).key;
    const tokD = (
      JSON.parse((await call('POST', '/tenants/tenant-d/tokens', admin, { name: 't', role: 'owner' })).body) as { token: string }
    ).token;
    for (const [tenant, key, tag] of [
      ['tenant-d', keyD, 'd'],
      ['default', c.ingestKey, 'k'],
    ]) {
      await seedTenant({
        ingestUrl: c.ingestUrl,
        apiUrl: c.apiUrl,
        ingestKey: key,
        apiHeaders: { ...admin, 'x-argus-tenant': tenant },
        tag,
      });
    }
    const tables = await tenantTables(c.deps.storage);
    for (const t of [
      'spans',
      'logs',
      'metric_points',
      'entities',
      'entity_events',
      'eum_websites',
      'calls',
      'endpoint_kpi_1s',
      'account_audit',
      'account_api_tokens',
    ]) {
      expect(tables).toContain(t);
    }
    const count = async (tenant: string) => {
      const out: Record<string, number> = {};
      for (const t of tables) {
        const [r] = await c.deps.storage.query<{ n: string }>(`SELECT count() AS n FROM \`${t}\` WHERE tenant = {tenant:String}`, {
          tenant,
        });
        out[t] = Number(r.n);
      }
      return out;
    };
    // wait for the derived tables (span skeleton, KPIs) before counting
    await new Promise((r) => setTimeout(r, 1500));
    const before = await count('tenant-d');
    const keptBefore = await count('default');
    for (const t of ['spans', 'logs', 'metric_points', 'entities', 'eum_websites', 'account_ingest_keys'])
      expect(before[t], t).toBeGreaterThan(0);

    const del = await call('DELETE', '/tenants/tenant-d', admin);
    expect(del.status).toBe(200);
    expect(JSON.parse(del.body)).toMatchObject({ id: 'tenant-d', status: 'deleting' });
    // at once: its key, its tokens and the tenant itself are gone
    const ingest = await fetch(`${c.ingestUrl}/v1/traces`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${keyD}` },
      body: '{"resourceSpans":[]}',
    });
    expect(ingest.status).toBe(401);
    expect((await call('GET', '/services', { authorization: `Bearer ${tokD}` })).status).toBe(401);
    expect((await call('GET', '/tenants/tenant-d', admin)).status).toBe(404);
    expect((await call('DELETE', '/tenants/default', admin)).status).toBe(400);

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !c.deps.tenants.all().find((t) => t.id === 'tenant-d')?.purged)
      await new Promise((r) => setTimeout(r, 250));
    const after = await count('tenant-d');
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const kept = await count('default');
    for (const t of ['spans', 'logs', 'metric_points', 'entities', 'eum_websites']) expect(kept[t], t).toBe(keptBefore[t]);
    const audit = JSON.parse((await call('GET', '/audit?from=0', admin)).body) as {
      entries: Array<{ action: string; target: { id: string } }>;
    };
    expect(audit.entries.filter((e) => e.target.id === 'tenant-d').map((e) => e.action)).toEqual(
      expect.arrayContaining(['tenant.created', 'tenant.deleted', 'tenant.data_removed']),
    );
  }, 90_000);
});
