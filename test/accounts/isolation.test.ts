import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTIONS, QUERY_PARAMS, READ_ROUTE_ROLES, apiRoutes, fill, type ApiRoute } from './routes.js';
import { seedTenant, type Seeded } from './seed.js';

/**
 * Tenant isolation over every registered route (enumerated from the router): tenant B's token sees and changes
 * nothing of tenant A's (services, traces by id, spans, logs, metrics, entities, events, websites), nothing of A
 * appears in any answer or error message, and injection strings in every parameter never get a 500 nor another
 * tenant's rows.
 */
let c: TestCollector;
let api = '';
let routes: ApiRoute[] = [];
let A: Seeded;
let B: Seeded;
const tokens: Record<string, string> = {};
let keyA = '';

const json = { 'content-type': 'application/json' };
const bearer = (t: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${t}`, ...extra });
const admin = (tenant: string) => bearer(c.adminToken, { 'x-argus-tenant': tenant });

/** one request; a dropped connection counts as status 0 (a failure for every check below) */
async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  try {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? headers : { ...json, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { status: 0, text: `${method} ${url}: ${(err as Error).message}` };
  }
}
const bad = (status: number) => status === 0 || status >= 500;

/** identifiers of tenant `s` for a route's path params */
const idsOf = (s: Seeded) => (param: string, path: string) => {
  if (param === 'tenant') return s === A ? 'tenant-a' : 'tenant-b';
  if (param === 'traceId') return s.traceId;
  if (param === 'name') return s.service;
  if (param === 'dimension') return 'page';
  if (param === 'sessionId') return 'session-1';
  if (path.startsWith('/websites/')) return s.websiteId;
  if (path.startsWith('/infrastructure/entities/')) return s.entity;
  return 'id-1';
};
const queryOf = (s: Seeded) =>
  new URLSearchParams({
    // the last hour: a range back to 1970 would ask the KPI routes for half a million steps
    from: String(Date.now() - 3_600_000),
    to: String(Date.now() + 60_000),
    service: s.service,
    entity: s.entity,
    metric: s.metric,
    traceId: s.traceId,
    id: s.service,
    table: 'spans',
  }).toString();

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
  c = await startTestCollector({}, { authenticateFetch: false });
  api = `${c.apiUrl}/api/v1`;
  routes = apiRoutes(c.apiRoutes);
  for (const id of ['tenant-a', 'tenant-b']) {
    expect((await call('POST', `${api}/tenants`, bearer(c.adminToken), { id, name: id })).status).toBe(201);
  }
  const key = async (t: string) =>
    (JSON.parse((await call('POST', `${api}/tenants/${t}/ingest-keys`, bearer(c.adminToken), { name: 'k' })).text) as { key: string }).key;
  const token = async (t: string, role: string) =>
    (JSON.parse((await call('POST', `${api}/tenants/${t}/tokens`, bearer(c.adminToken), { name: role, role })).text) as { token: string })
      .token;
  keyA = await key('tenant-a');
  const keyB = await key('tenant-b');
  tokens.aViewer = await token('tenant-a', 'viewer');
  tokens.bOwner = await token('tenant-b', 'owner');
  A = await seedTenant({ ingestUrl: c.ingestUrl, apiUrl: c.apiUrl, ingestKey: keyA, apiHeaders: admin('tenant-a'), tag: 'a' });
  B = await seedTenant({ ingestUrl: c.ingestUrl, apiUrl: c.apiUrl, ingestKey: keyB, apiHeaders: admin('tenant-b'), tag: 'b' });
  // the derived tables (services, KPIs, the trace index) fill from the spans within a second or two, for each
  // tenant's requests separately: wait until both tenants' services and traces answer
  const ready = async (s: Seeded, t: string) =>
    (await call('GET', `${api}/services?from=${Date.now() - 600_000}`, bearer(t))).text.includes(s.service) &&
    (await call('GET', `${api}/traces/${s.traceId}`, bearer(t))).status === 200;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await ready(A, tokens.aViewer)) && (await ready(B, tokens.bOwner))) break;
    await new Promise((r) => setTimeout(r, 300));
  }
}, 180_000);
afterAll(async () => {
  await c?.destroy();
});

describe('tenant isolation', () => {
  it('positive control: each tenant reads its own data through the same routes', async () => {
    for (const [s, token] of [
      [A, tokens.aViewer],
      [B, tokens.bOwner],
    ] as const) {
      const q = queryOf(s);
      const read = async (path: string) => (await call('GET', `${api}${path}`, bearer(token))).text;
      expect(await read(`/spans?${q}`)).toContain(s.markers[0]);
      expect(await read(`/traces/${s.traceId}`)).toContain(s.markers[1]);
      expect(await read(`/logs?${q}`)).toContain(s.markers[3]);
      expect(await read(`/metrics?${q}`)).toContain(s.markers[4]);
      expect(await read(`/infrastructure/entities`)).toContain(s.markers[5]);
      expect(await read(`/infrastructure/events?${q}`)).toContain(s.markers[7]);
      expect(await read(`/websites`)).toContain(s.markers[8]);
      expect(await read(`/services?from=${Date.now() - 600_000}`)).toContain(s.service);
    }
  });

  it("tenant B's token reads nothing of tenant A on any route: 404/403 or empty, nothing leaked in answers or errors", async () => {
    const reads = routes.filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThan(25);
    const failures: string[] = [];
    await pool(reads, async (r) => {
      const url = `${api}${fill(r.path, idsOf(A))}?${queryOf(A)}`;
      for (const headers of [bearer(tokens.bOwner), bearer(tokens.bOwner, { 'x-argus-tenant': 'tenant-a' })]) {
        const { status, text } = await call('GET', url, headers);
        const leaked = A.markers.filter((m) => text.includes(m));
        if (bad(status) || leaked.length) failures.push(`${r.key} ${status} leaked ${leaked.join(',')}`);
        const asksForA = r.path.includes(':tenant') || 'x-argus-tenant' in headers;
        const special = READ_ROUTE_ROLES[r.key];
        if (asksForA && special !== 'any' && special !== 'instance' && status !== 404)
          failures.push(`${r.key} ${status}: expected 404 for tenant A`);
        if (special === 'instance' && status !== 403) failures.push(`${r.key} ${status}: expected 403 (instance admins only)`);
      }
    });
    // the objects of A named by id are simply not found for B
    for (const path of [
      `/traces/${A.traceId}`,
      `/websites/${A.websiteId}`,
      `/infrastructure/entities/${encodeURIComponent(A.entity)}`,
      `/services/${A.service}`,
    ]) {
      const { status } = await call('GET', `${api}${path}?${queryOf(A)}`, bearer(tokens.bOwner));
      if (status !== 404) failures.push(`GET ${path}: ${status}, expected 404`);
    }
    expect(failures).toEqual([]);
  });

  it("tenant B's token changes nothing of tenant A through any write route", async () => {
    const snapshot = async () =>
      Promise.all(
        ['/websites', '/tenants/tenant-a', '/tenants/tenant-a/ingest-keys', '/tenants/tenant-a/tokens', '/tenants/tenant-a/users'].map(
          async (p) => (await call('GET', `${api}${p}`, admin('tenant-a'))).text,
        ),
      );
    const before = await snapshot();
    const body = { name: 'x', id: 'tenant-x', role: 'owner', email: 'b@example.com', allowedOrigins: ['*'], tenant: 'tenant-a' };
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET')) {
      if (r.key === 'POST /auth/logout') continue;
      for (const headers of [bearer(tokens.bOwner), bearer(tokens.bOwner, { 'x-argus-tenant': 'tenant-a' })]) {
        const { status, text } = await call(r.method, `${api}${fill(r.path, idsOf(A))}`, headers, body);
        const leaked = A.markers.filter((m) => text.includes(m));
        if (bad(status) || leaked.length) failures.push(`${r.key} ${status} leaked ${leaked.join(',')}`);
        if ('x-argus-tenant' in headers && status < 400 && r.key !== 'POST /auth/password') failures.push(`${r.key} ${status} in tenant A`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const spans = await fetch(`${c.ingestUrl}/v1/traces`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${keyA}` },
      body: '{"resourceSpans":[]}',
    });
    expect(spans.status).toBe(200);
    expect((await call('GET', `${api}/spans?${queryOf(A)}`, bearer(tokens.aViewer))).text).toContain(A.markers[0]);
  });

  it('injection strings in every path and query parameter and body field answer 4xx or a result, never 500 nor other tenants rows', async () => {
    const failures: string[] = [];
    const jobs: Array<{ r: ApiRoute; url: string; body?: unknown }> = [];
    for (const r of routes) {
      if (r.key === 'POST /auth/logout' || r.key === 'DELETE /tenants/:tenant') continue;
      for (const s of INJECTIONS) {
        const path = fill(r.path, (p, full) => (p === 'tenant' ? 'tenant-a' : idsOf(A)(p, full) && s));
        const all = new URLSearchParams(Object.fromEntries([...QUERY_PARAMS, 'from', 'to', 'limit'].map((k) => [k, s]))).toString();
        const body = r.method === 'GET' ? undefined : { name: s, email: s, role: s, allowedOrigins: [s], password: s, token: s, tenant: s };
        jobs.push({ r, url: `${api}${path}?${all}`, body });
      }
      // each query parameter alone (a bad one in the request above may be refused before the others are read)
      if (r.method !== 'GET') continue;
      const base = fill(r.path, idsOf(A));
      for (const k of QUERY_PARAMS)
        jobs.push({ r, url: `${api}${base}?${queryOf(A)}&${new URLSearchParams({ [k]: INJECTIONS[0] }).toString()}` });
    }
    await pool(jobs, async ({ r, url, body }) => {
      const { status, text } = await call(r.method, url, admin('tenant-a'), body);
      const leaked = B.markers.filter((m) => text.includes(m));
      if (bad(status) || leaked.length)
        failures.push(`${r.key} ${url.slice(api.length, api.length + 120)} -> ${status} ${leaked.join(',')} ${text.slice(0, 100)}`);
    });
    expect(failures).toEqual([]);
    console.log(`injection: ${jobs.length} requests over ${routes.length} routes, none answered 500`);
    // nothing was dropped or changed by the strings
    expect((await call('GET', `${api}/spans?${queryOf(A)}`, bearer(tokens.aViewer))).text).toContain(A.markers[0]);
    expect((await call('GET', `${api}/spans?${queryOf(B)}`, bearer(tokens.bOwner))).text).toContain(B.markers[0]);
  }, 240_000);
});
