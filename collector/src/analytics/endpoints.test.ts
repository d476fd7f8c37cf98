import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { createWorld, eventually, getJson, SpanKind } from '../../testing/otel-world.js';

process.env.ARGUS_ANALYTICS_MAX_ENDPOINTS = '5';
process.env.ARGUS_ANALYTICS_CAP_CHECK_MS = '200';
process.env.ARGUS_ANALYTICS_GRACE_MS = '300';
process.env.ARGUS_ANALYTICS_TICK_MS = '200';

let col: TestCollector;

beforeAll(async () => {
  col = await startTestCollector({ batchFlushMs: 20 });
});

afterAll(async () => {
  await col?.destroy();
});

describe('endpoint names', () => {
  const PATHS: Array<[string, string]> = [
    ['/users/123', '/users/{id}'],
    ['/users/123/orders/45?expand=items', '/users/{id}/orders/{id}'],
    ['/v5/items/550e8400-e29b-41d4-a716-446655440000', '/v5/items/{id}'],
    ['/api/v2/commits/a1b2c3d4e5f60718', '/api/v2/commits/{id}'],
    ['/files/deadbeef', '/files/deadbeef'],
    ['/blog/2024/hello-world#top', '/blog/{id}/hello-world'],
    ['/search?q=42', '/search'],
    ['/', '/'],
    ['', '/'],
    ['/health/', '/health/'],
  ];

  it.each(PATHS)('normalizes %s -> %s', async (path, expected) => {
    const [r] = await col.deps.storage.query<{ e: string }>('SELECT argus_normalize_path_v1({p:String}) AS e', { p: path });
    expect(r.e).toBe(expected);
  });

  const ENDPOINTS: Array<[Record<string, string>, string]> = [
    [{ http_method: 'get', http_route: '/users/:id', url_path: '/users/7' }, 'GET /users/:id'],
    [{ http_method: 'POST', url_path: '/v5/orders/991/items' }, 'POST /v5/orders/{id}/items'],
    [{ http_method: 'GET', url_full: 'https://api.example.com/v1/charges/123?x=1' }, 'GET /v1/charges/{id}'],
    [{ rpc_service: 'shop.Cart', rpc_method: 'AddItem' }, 'shop.Cart/AddItem'],
    [{ db_system: 'postgresql', db_operation: 'select', db_collection: 'orders' }, 'SELECT orders'],
    [{ db_system: 'mysql', db_statement: '  update users set a = 1' }, 'UPDATE'],
    [{ db_system: 'redis' }, 'span-name'],
    [{ messaging_system: 'kafka', messaging_destination: 'orders' }, 'orders'],
    [{}, 'span-name'],
  ];

  it.each(ENDPOINTS)('endpoint of %j is %s', async (cols, expected) => {
    const names = [
      'http_method',
      'http_route',
      'url_path',
      'url_full',
      'rpc_service',
      'rpc_method',
      'db_system',
      'db_operation',
      'db_collection',
      'db_statement',
      'messaging_system',
      'messaging_destination',
    ];
    const args = names.map((n) => `{${n}:String}`).join(', ');
    const params = Object.fromEntries(names.map((n) => [n, cols[n] ?? '']));
    const [r] = await col.deps.storage.query<{ e: string }>(`SELECT argus_endpoint_v1('span-name', ${args}) AS e`, params);
    expect(r.e).toBe(expected);
  });
});

describe('endpoint cardinality cap', () => {
  it('keeps the first 5 endpoints of a service, counts the rest as other and warns once', async () => {
    const world = createWorld(col.ingestUrl, col.ingestKey);
    const svc = world.service('catalog');
    const t = Date.now() - 60_000;
    const first = Array.from({ length: 5 }, (_, i) =>
      svc.span({
        name: `GET /r${i}`,
        kind: SpanKind.SERVER,
        startMs: t + i,
        durationMs: 3,
        attributes: { 'http.request.method': 'GET', 'http.route': `/r${i}` },
      }),
    );
    await world.send(first);
    // 7 more distinct endpoints, 2 spans each, plus 3 more spans of an admitted one
    const more = Array.from({ length: 14 }, (_, i) =>
      svc.span({
        name: 'GET',
        kind: SpanKind.SERVER,
        startMs: t + 100 + i,
        durationMs: 3,
        attributes: { 'http.request.method': 'GET', 'http.route': `/extra${i % 7}` },
      }),
    );
    const again = Array.from({ length: 3 }, (_, i) =>
      svc.span({
        name: 'GET',
        kind: SpanKind.SERVER,
        startMs: t + 200 + i,
        durationMs: 3,
        attributes: { 'http.request.method': 'GET', 'http.route': '/r0' },
      }),
    );
    await world.send([...more, ...again]);
    await world.close();
    const range = `from=${t - 1000}&to=${Date.now()}`;
    let s: any;
    await eventually(async () => {
      // 404 until the acknowledged spans are stored; the warning may come before the second request's rows (the
      // registry is full after the first), so both are waited for
      s = await getJson<any>(`${col.apiUrl}/api/v1/services/catalog?${range}`).catch(() => undefined);
      return (s?.warnings.length ?? 0) > 0 && s.endpoints.some((e: any) => e.name === 'other');
    }, 10_000);
    const eps = Object.fromEntries(s.endpoints.map((e: any) => [e.name, e.kpis.calls]));
    expect(eps).toEqual({ 'GET /r0': 4, 'GET /r1': 1, 'GET /r2': 1, 'GET /r3': 1, 'GET /r4': 1, other: 14 });
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatchObject({ type: 'endpoint_cap', severity: 'warning' });
    const [reg] = await col.deps.storage.query<{ n: number }>(
      `SELECT uniqExact(endpoint) AS n FROM endpoint_registry WHERE service = 'catalog'`,
    );
    expect(Number(reg.n)).toBe(5);
  });

  it('caps the endpoints of an inferred service (an external host called with many paths) too', async () => {
    const world = createWorld(col.ingestUrl, col.ingestKey);
    const svc = world.service('crawler');
    const t = Date.now() - 60_000;
    const spans = Array.from({ length: 9 }, (_, i) =>
      svc.span({
        name: 'GET',
        kind: SpanKind.CLIENT,
        startMs: t + i,
        durationMs: 3,
        attributes: { 'http.request.method': 'GET', 'server.address': 'pages.example', 'url.path': `/page-${i}` },
      }),
    );
    await world.send(spans);
    await world.close();
    let s: any;
    await eventually(async () => {
      s = await getJson<any>(`${col.apiUrl}/api/v1/services/pages.example?from=${t - 1000}&to=${Date.now()}`).catch(() => undefined);
      return s?.endpoints.reduce((a: number, e: { kpis: { calls: number } }) => a + e.kpis.calls, 0) === 9;
    }, 15_000);
    expect(s.type).toBe('external');
    expect(s.endpoints).toHaveLength(6);
    expect(s.endpoints.find((e: any) => e.name === 'other').kpis.calls).toBe(4);
  });
});
