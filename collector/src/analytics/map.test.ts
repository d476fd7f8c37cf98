import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { createWorld, eventually, getJson, nearestRank } from '../../testing/otel-world.js';
import { within1pct, type Kpis, type MapResp } from '../../testing/kpi-answers.js';
import { sendMapTopology, type ServiceTruth, type Truth } from '../../testing/map-topology.js';
import { kpiRange } from '../query/resolution.js';
import { serviceKpiWindows } from './api/kpi-windows.js';
import { listServices } from './api/queries.js';

// A resolver that gives unanswered client spans 1.5 s before they count as calls to inferred services.
process.env.ARGUS_ANALYTICS_GRACE_MS = '1500';
process.env.ARGUS_ANALYTICS_TICK_MS = '200';

const N = 30;
let col: TestCollector;
let world: ReturnType<typeof createWorld>;
const base = Date.now() - 5 * 60_000;
let truth: Truth;
let services: ServiceTruth;
let errorTrace = '';

beforeAll(async () => {
  col = await startTestCollector({ batchFlushMs: 20 });
  world = createWorld(col.ingestUrl, col.ingestKey);
  ({ truth, services, errorTrace } = await sendMapTopology(world, base, N));
});

afterAll(async () => {
  await world?.close();
  await col?.destroy();
});

describe('dependency map and KPIs from a fixture topology (real OTel SDK, one request per service)', () => {
  const range = () => `from=${base - 1000}&to=${Date.now()}`;

  it('has every edge with exact counts and percentiles within 1 %', async () => {
    let map: MapResp | undefined;
    const total = () => [...truth.values()].reduce((a, e) => a + e.durations.length, 0);
    await eventually(async () => {
      map = await getJson<MapResp>(`${col.apiUrl}/api/v1/dependency-map?${range()}`);
      return map.edges.reduce((a, e) => a + e.calls, 0) === total();
    });
    expect(map!.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual([...truth.keys()].sort());
    for (const e of map!.edges) {
      const t = truth.get(`${e.source}>${e.target}`)!;
      expect(e.calls).toBe(t.durations.length);
      expect(e.kpis.errors).toBe(t.errors);
      expect(e.kpis.clientErrors).toBe(t.clientErrors);
      within1pct(e.kpis.p50Ms, nearestRank(t.durations, 0.5));
      within1pct(e.kpis.p90Ms, nearestRank(t.durations, 0.9));
      within1pct(e.kpis.p99Ms, nearestRank(t.durations, 0.99));
      within1pct(e.kpis.meanMs, t.durations.reduce((a, b) => a + b, 0) / t.durations.length);
    }
    const types = Object.fromEntries(map!.nodes.map((n) => [n.id, n.type]));
    expect(types).toMatchObject({
      frontend: 'service',
      'postgresql:shop@pg.local': 'database',
      'api.stripe.com': 'external',
      'kafka:audit': 'messaging',
      mailer: 'service',
    });
  });

  it('service KPIs equal the entry spans, at 1 s and at 1 min resolution', async () => {
    for (const resolution of ['1s', '1m']) {
      const res = await getJson<{ resolution: string; services: Array<{ name: string; spans: number; kpis: Kpis; health: string }> }>(
        `${col.apiUrl}/api/v1/services?${range()}&resolution=${resolution}`,
      );
      expect(res.resolution).toBe(resolution);
      for (const [name, t] of services) {
        const s = res.services.find((x) => x.name === name)!;
        expect(s.kpis.calls).toBe(t.durations.length);
        expect(s.kpis.errors).toBe(t.errors);
        within1pct(s.kpis.p50Ms, nearestRank(t.durations, 0.5));
        within1pct(s.kpis.p99Ms, nearestRank(t.durations, 0.99));
      }
      expect(res.services.find((x) => x.name === 'pricing')!.health).toBe('critical');
      expect(res.services.find((x) => x.name === 'checkout')!.spans).toBe(N * 6);
    }
    // a 3 h range: whole hours from the 1 h rollup, the partial hours from the 1 min rollup
    const wide = await getJson<{ resolution: string; services: Array<{ name: string; kpis: Kpis }> }>(
      `${col.apiUrl}/api/v1/services?from=${Date.now() - 3 * 3_600_000}&to=${Date.now()}`,
    );
    expect(wide.resolution).toBe('1m');
    for (const [name, t] of services) expect(wide.services.find((x) => x.name === name)!.kpis.calls).toBe(t.durations.length);
    const wideMap = await getJson<MapResp>(`${col.apiUrl}/api/v1/dependency-map?from=${Date.now() - 3 * 3_600_000}&to=${Date.now()}`);
    for (const e of wideMap.edges) expect(e.calls).toBe(truth.get(`${e.source}>${e.target}`)!.durations.length);
  });

  it("the alert evaluator's multi-window read gives listServices' KPIs for each window", async () => {
    const now = Date.now();
    const windows = [-2000, 5000, 25_000].map((d) => ({ from: base + d, to: base + d + 15_000 })).concat({ from: base - 60_000, to: now });
    const lists = await serviceKpiWindows(col.deps.storage, 'default', windows, now);
    const active = (l: ReadonlyArray<{ name: string; type: string; kpis: { calls: number } }>) =>
      l.filter((x) => x.kpis.calls > 0).map((x) => ({ name: x.name, type: x.type, kpis: x.kpis }));
    for (const [i, w] of windows.entries()) {
      const one = active(await listServices(col.deps.storage, 'default', kpiRange(w.from, w.to, now, '1s')));
      expect(one.length).toBeGreaterThan(0);
      expect(active(lists[i])).toEqual(one);
    }
  });

  it('a service has endpoints, upstream, downstream and where it runs; a host lists its services', async () => {
    const s = await getJson<any>(`${col.apiUrl}/api/v1/services/checkout?${range()}`);
    expect(s.endpoints.map((e: any) => e.name)).toEqual(['POST /orders/:id']);
    expect(s.endpoints[0].kpis.calls).toBe(N);
    expect(s.upstream.map((u: any) => u.service)).toEqual(['frontend']);
    expect(s.downstream.map((d: any) => d.service).sort()).toEqual(['api.stripe.com', 'kafka:audit', 'mailer', 'postgresql:shop@pg.local']);
    expect(s.runsOn).toHaveLength(1);
    expect(s.runsOn[0]).toMatchObject({
      host: { name: 'host-b', entityId: 'host:m-host-b' },
      container: { entityId: 'container:c0ffee' },
      process: { pid: 200, entityId: 'nodejs:m-host-b:200' },
    });
    const db = await getJson<any>(`${col.apiUrl}/api/v1/services/${encodeURIComponent('postgresql:shop@pg.local')}?${range()}`);
    expect(db.type).toBe('database');
    expect(db.endpoints.map((e: any) => [e.name, e.kpis.calls])).toEqual([['SELECT orders', N]]);
    const ext = await getJson<any>(`${col.apiUrl}/api/v1/services/api.stripe.com?${range()}`);
    expect(ext.endpoints.map((e: any) => e.name)).toEqual(['POST /v1/charges/{id}']);
    const onHost = await getJson<any>(`${col.apiUrl}/api/v1/service-instances?host=host-b&${range()}`);
    expect(onHost.services).toEqual(['checkout', 'inventory']);
  });

  it('the map, the services list and each service read the same numbers (one combined query each)', async () => {
    const r = `from=${base - 1000}&to=${Date.now() - 1000}`;
    const map = await getJson<MapResp>(`${col.apiUrl}/api/v1/dependency-map?${r}`);
    const list = await getJson<{ services: Array<{ name: string; type: string; spans: number; kpis: Kpis; health: string }> }>(
      `${col.apiUrl}/api/v1/services?${r}`,
    );
    const strip = (n: { name: string; type: string; spans: number; kpis: Kpis; health: string }) => ({
      name: n.name,
      type: n.type,
      spans: n.spans,
      kpis: n.kpis,
      health: n.health,
    });
    expect(map.nodes.map((n) => strip(n as never)).filter((n) => n.kpis.calls > 0)).toEqual(
      list.services.map(strip).filter((n) => n.kpis.calls > 0),
    );
    expect(map.nodes.filter((n) => n.type !== 'service').length).toBe(3);
    for (const node of map.nodes) {
      const one = await getJson<any>(`${col.apiUrl}/api/v1/services/${encodeURIComponent(node.id)}?${r}`);
      if (node.kpis.calls > 0) expect(one.kpis).toEqual(node.kpis);
      expect(one.type).toBe(node.type);
      const up = map.edges.filter((e) => e.target === node.id).map((e) => ({ service: e.source, kpis: e.kpis }));
      const down = map.edges.filter((e) => e.source === node.id).map((e) => ({ service: e.target, type: e.targetType, kpis: e.kpis }));
      expect(one.upstream).toEqual(up);
      expect(one.downstream).toEqual(down);
    }
  });

  it('edges keep the caller endpoint, found through internal spans', async () => {
    const rows = await col.deps.storage.query<{ caller_endpoint: string; n: number }>(
      `SELECT caller_endpoint, sum(calls) AS n FROM edge_kpi_1s WHERE callee_service = 'postgresql:shop@pg.local' GROUP BY caller_endpoint`,
    );
    expect(rows.map((r) => [r.caller_endpoint, Number(r.n)])).toEqual([['POST /orders/:id', N]]);
  });

  it('KPI time series at 1 s steps sum to the totals', async () => {
    const k = await getJson<any>(`${col.apiUrl}/api/v1/kpis?scope=edge&id=frontend|pricing&${range()}`);
    expect(k.resolution).toBe('1s');
    expect(k.points.reduce((a: number, p: { calls: number }) => a + p.calls, 0)).toBe(N);
    expect(k.total.errors).toBe(N / 5);
    const e = await getJson<any>(
      `${col.apiUrl}/api/v1/kpis?scope=endpoint&id=${encodeURIComponent('checkout|POST /orders/:id')}&${range()}`,
    );
    expect(e.total.calls).toBe(N);
    const db = await getJson<any>(
      `${col.apiUrl}/api/v1/kpis?scope=service&id=${encodeURIComponent('postgresql:shop@pg.local')}&${range()}&resolution=1m`,
    );
    expect(db.total.calls).toBe(N);
  });

  it('rejects bad parameters with a clear 400 and unknown services with 404', async () => {
    for (const [path, code] of [
      ['/kpis?scope=bogus&id=x', 'INVALID_PARAM'],
      ['/kpis?scope=edge&id=only-one', 'INVALID_PARAM'],
      ['/services?from=yesterday', 'INVALID_PARAM'],
      ['/traces?sort=fastest', 'INVALID_PARAM'],
      ['/traces/not-a-trace-id', 'INVALID_PARAM'],
    ] as const) {
      const res = await fetch(`${col.apiUrl}/api/v1${path}`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe(code);
    }
    const missing = await fetch(`${col.apiUrl}/api/v1/services/nope?${range()}`);
    expect(missing.status).toBe(404);
  });

  it('searches traces by service, status and attribute, and returns a trace as a tree', async () => {
    const errs = await getJson<any>(`${col.apiUrl}/api/v1/traces?service=pricing&status=error&${range()}&limit=100`);
    expect(errs.traces).toHaveLength(N / 5);
    const gold = await getJson<any>(`${col.apiUrl}/api/v1/traces?attr.customer.tier=gold&${range()}&limit=100&sort=slowest`);
    const typed = await getJson<any>(`${col.apiUrl}/api/v1/traces?attr.http.response.status_code=500&service=pricing&${range()}&limit=100`);
    expect(typed.traces).toHaveLength(N / 5);
    const onHost = await getJson<any>(`${col.apiUrl}/api/v1/traces?resource.host.name=host-c&service=mailer&${range()}&limit=100`);
    expect(onHost.traces).toHaveLength(N);
    expect(gold.traces).toHaveLength(N / 3);
    const d = gold.traces.map((t: any) => t.match.durationMs);
    expect(d).toEqual([...d].sort((a: number, b: number) => b - a));
    const ep = await getJson<any>(
      `${col.apiUrl}/api/v1/traces?service=checkout&endpoint=${encodeURIComponent('POST /orders/:id')}&${range()}&limit=5`,
    );
    expect(ep.traces).toHaveLength(5);
    expect(ep.next).toBe(5);
    const tr = await getJson<any>(`${col.apiUrl}/api/v1/traces/${errorTrace}?tree=true`);
    expect(tr.spans).toHaveLength(13);
    expect(tr.tree).toHaveLength(1);
    expect(tr.tree[0]).toMatchObject({
      service: 'frontend',
      endpoint: 'GET /checkout',
      entities: { host: 'host:m-host-a', process: 'nodejs:m-host-a:100' },
    });
    const pricing = tr.tree[0].children.find((c: any) => c.children[0]?.service === 'pricing').children[0];
    expect(pricing).toMatchObject({ endpoint: 'GET /price', hasError: true, depth: 2 });
  });
});
