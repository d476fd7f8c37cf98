import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { within1pct, type Kpis, type MapResp } from '../../testing/kpi-answers.js';
import { createWorld, eventually, getJson, nearestRank, SpanKind } from '../../testing/otel-world.js';
import { kpiRange } from '../query/resolution.js';

// Totals over a 1 s range read the whole minutes from the 1 min rollup and only the partial minutes at both ends
// from the 1 s table: the answers must be those of the 1 s table alone (and of the spans sent).
process.env.ARGUS_ANALYTICS_TICK_MS = '200';

const MIN = 60_000;
let col: TestCollector;
// a request every 5 s for 4 min, from 17 s past a minute: spans in five different minutes
const base = Math.floor((Date.now() - 9 * MIN) / MIN) * MIN + 17_000;
const N = 48;
const from = base - 3_000;
const to = base + 4 * MIN + 11_000;
const truth = { web: [] as number[], edge: [] as number[], errors: 0 };

beforeAll(async () => {
  col = await startTestCollector({ batchFlushMs: 20 });
  const world = createWorld(col.ingestUrl, col.ingestKey);
  const web = world.service('web', { 'host.name': 'h1' });
  const api = world.service('api', { 'host.name': 'h2' });
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < N; i++) {
    const t = base + i * 5_000;
    const apiD = 5 + ((i * 37) % 90);
    const webD = apiD + 3 + (i % 7);
    const failed = i % 6 === 0;
    const root = web.span({
      name: 'GET /shop',
      kind: SpanKind.SERVER,
      startMs: t,
      durationMs: webD,
      attributes: { 'http.request.method': 'GET', 'http.route': '/shop', 'http.response.status_code': 200 },
    });
    const call = web.span({
      name: 'POST',
      kind: SpanKind.CLIENT,
      parent: root,
      startMs: t + 1,
      durationMs: apiD + 1,
      attributes: { 'http.request.method': 'POST', 'server.address': 'api', 'url.full': 'http://api/orders' },
    });
    const served = api.span({
      name: 'POST /orders',
      kind: SpanKind.SERVER,
      parent: call,
      startMs: t + 1.5,
      durationMs: apiD,
      attributes: { 'http.request.method': 'POST', 'http.route': '/orders', 'http.response.status_code': failed ? 500 : 201 },
      error: failed,
    });
    spans.push(root, call, served);
    truth.web.push(webD);
    truth.edge.push(apiD);
    if (failed) truth.errors++;
  }
  await world.send(spans);
  await eventually(async () => {
    const m = await getJson<MapResp>(`${col.apiUrl}/api/v1/dependency-map?from=${from}&to=${to}&resolution=1s`);
    return m.edges.reduce((a, e) => a + e.calls, 0) === N;
  }, 60_000);
}, 120_000);

afterAll(() => col?.stop());

const kpisOf = (k: Kpis) => [k.calls, k.errors, k.p50Ms, k.p90Ms, k.p99Ms, k.meanMs];

describe('totals of a 1 s range from whole minutes of the 1 min rollup plus the partial minutes of the 1 s table', () => {
  it('the range has whole minutes inside and partial minutes at both ends', () => {
    const r = kpiRange(from, to, Date.now());
    expect(r.resolution).toBe('1s');
    expect(r.coarse).toMatchObject({ resolution: '1m' });
    expect((r.coarse!.c1 - r.coarse!.c0) / MIN).toBe(3);
    expect(r.coarse!.c0).toBeGreaterThan(from);
    expect(r.coarse!.c1).toBeLessThan(to);
  });

  it('services, map, endpoints and KPIs answer what the 1 s table alone answers, and what was sent', async () => {
    const q = `from=${from}&to=${to}`;
    for (const path of [
      '/services',
      '/services/api',
      '/dependency-map',
      `/endpoints?service=api&endpoint=${encodeURIComponent('POST /orders')}`,
      '/kpis?scope=service&id=api',
    ]) {
      const sep = path.includes('?') ? '&' : '?';
      const tiered = await getJson<Record<string, unknown>>(`${col.apiUrl}/api/v1${path}${sep}${q}`);
      const plain = await getJson<Record<string, unknown>>(`${col.apiUrl}/api/v1${path}${sep}${q}&resolution=1s`);
      expect(tiered.resolution ?? '1s').toBe('1s');
      expect(tiered, path).toEqual(plain);
    }
    const map = await getJson<MapResp>(`${col.apiUrl}/api/v1/dependency-map?${q}`);
    const edge = map.edges.find((e) => e.source === 'web' && e.target === 'api')!;
    expect(edge.calls).toBe(N);
    within1pct(edge.kpis.p50Ms, nearestRank(truth.edge, 0.5));
    within1pct(edge.kpis.p99Ms, nearestRank(truth.edge, 0.99));
    const services = await getJson<{ services: Array<{ name: string; kpis: Kpis }> }>(`${col.apiUrl}/api/v1/services?${q}`);
    const api = services.services.find((s) => s.name === 'api')!.kpis;
    const web = services.services.find((s) => s.name === 'web')!.kpis;
    expect([api.calls, api.errors]).toEqual([N, truth.errors]);
    expect(kpisOf(web).slice(0, 2)).toEqual([N, 0]);
    within1pct(web.p90Ms, nearestRank(truth.web, 0.9));
  });
});
