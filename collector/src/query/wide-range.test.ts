import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, eventually, SpanKind } from '../../testing/otel-world.js';

// A range reaching back to 1970 (from=0) is a valid question: every read route answers it from what is kept
// (the range catalogue starts KPI ranges at the longest TTL) instead of building one step per hour since 1970.
let c: TestCollector;
const now = Date.now();

beforeAll(async () => {
  c = await startTestCollector();
  const world = createWorld(c.ingestUrl, c.ingestKey);
  const api = world.service('api', { 'host.name': 'h1' });
  const root = api.span({
    name: 'GET /items',
    kind: SpanKind.SERVER,
    startMs: now - 5000,
    durationMs: 12,
    attributes: { 'http.route': '/items' },
  });
  await world.send([root]);
  // the span, and the rows derived from it (inserted after the spans: the service's KPIs), are stored
  await eventually(async () => {
    const r = await fetch(`${c.apiUrl}/api/v1/traces?from=${now - 60_000}&to=${now + 60_000}`);
    const s = await fetch(`${c.apiUrl}/api/v1/services/api?from=${now - 60_000}&to=${now + 60_000}`);
    return r.ok && ((await r.json()) as { traces: unknown[] }).traces.length > 0 && s.ok;
  });
}, 120_000);

afterAll(() => c?.stop());

describe('from=0', () => {
  const r = `from=0&to=${now + 60_000}`;
  it.each([
    `/services?${r}`,
    `/services/api?${r}`,
    `/dependency-map?${r}`,
    `/kpis?scope=service&id=api&${r}`,
    `/kpis/series?${r}&points=20`,
    `/kpis/histogram?scope=service&id=api&${r}`,
    `/endpoints?service=api&endpoint=GET /items&${r}`,
    `/traces?${r}`,
    `/trace-scatter?${r}`,
    `/spans?${r}`,
    `/logs?${r}`,
  ])('%s answers 200', async (path) => {
    const res = await fetch(`${c.apiUrl}/api/v1${path}`);
    expect(res.status, await res.clone().text()).toBe(200);
  });
});
