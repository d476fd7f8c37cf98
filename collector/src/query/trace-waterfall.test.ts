import type { TraceResponse, WaterfallResponse } from '@argus/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { createWorld, eventually, SpanKind } from '../../testing/otel-world.js';

// The trace view's lean answers against the full one, over real OTel spans through the real ingest: the waterfall
// has the same spans, order, parents, names, times, errors and root endpoint; one span's detail is that span in full.
let c: TestCollector;
let traceId = '';
let orphanParent = '';
const get = async (path: string) => {
  const res = await fetch(`${c.apiUrl}/api/v1${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
};

beforeAll(async () => {
  c = await startTestCollector({ batchFlushMs: 20 });
  const world = createWorld(c.ingestUrl, c.ingestKey);
  const web = world.service('web', { 'host.name': 'h1', 'host.id': 'h1' });
  const api = world.service('api', { 'host.name': 'h2' });
  const t = Date.now() - 60_000;
  const root = web.span({
    name: 'GET /cart',
    kind: SpanKind.SERVER,
    startMs: t,
    durationMs: 40,
    attributes: { 'http.route': '/cart', 'http.request.method': 'GET' },
  });
  const call = web.span({
    name: 'GET',
    kind: SpanKind.CLIENT,
    parent: root,
    startMs: t + 2,
    durationMs: 30,
    attributes: { 'http.request.method': 'GET' },
  });
  const server = api.span({
    name: 'GET /items/:id',
    kind: SpanKind.SERVER,
    parent: call,
    startMs: t + 3,
    durationMs: 25,
    error: true,
    attributes: { 'http.route': '/items/:id', 'http.request.method': 'GET', 'http.response.status_code': 500 },
  });
  const db = api.span({
    name: 'SELECT shop.items',
    kind: SpanKind.CLIENT,
    parent: server,
    startMs: t + 4,
    durationMs: 5,
    attributes: { 'db.system': 'postgresql', 'db.operation.name': 'SELECT', 'db.collection.name': 'items' },
  });
  // a span whose parent never arrives, in the same trace
  const lost = api.span({ name: 'never sent', kind: SpanKind.INTERNAL, parent: root, startMs: t + 1, durationMs: 1 });
  const orphan = api.span({ name: 'orphan', kind: SpanKind.INTERNAL, parent: lost, startMs: t + 35, durationMs: 10 });
  traceId = root.spanContext().traceId;
  orphanParent = lost.spanContext().spanId;
  await world.send([root, call, server, db, orphan]);
  await world.send([db]); // stored twice: counted once
  await world.close();
  await eventually(async () => ((await get(`/traces/${traceId}`)).body as { spans?: unknown[] }).spans?.length === 5);
});
afterAll(() => c?.destroy());

describe('GET /traces/:traceId/waterfall', () => {
  it('has every span of the full answer, in its order, with parents as indexes and interned strings', async () => {
    const full = (await get(`/traces/${traceId}`)).body as TraceResponse;
    const { status, body } = await get(`/traces/${traceId}/waterfall`);
    const w = body as WaterfallResponse;
    expect(status).toBe(200);
    expect(w.count).toBe(5);
    expect(w.spans.spanId).toEqual(full.spans.map((s) => s.spanId));
    expect(w.startTimeUnixNano).toBe(full.startTimeUnixNano);
    expect(w.durationMs).toBeCloseTo(full.durationMs, 6);
    expect(w.services).toEqual(full.services);
    expect(w.errors).toBe(full.errors);
    const str = (k: number) => w.strings[k];
    full.spans.forEach((s, i) => {
      const p = w.spans.parent[i];
      expect(p === -1 ? '' : w.spans.spanId[p]).toBe(s.parentSpanId === orphanParent ? '' : s.parentSpanId);
      expect(str(w.spans.service[i])).toBe(s.service);
      expect(str(w.spans.name[i])).toBe(s.name);
      expect(w.spans.kind[i]).toBe(s.kind);
      expect(w.spans.offsetNs[i] / 1e6).toBeCloseTo(s.offsetMs, 6);
      expect(w.spans.durationNs[i]).toBe(s.durationNs);
      expect(w.spans.status[i]).toBe(s.status.code);
      expect(w.spans.error[i]).toBe(s.hasError ? 1 : 0);
    });
    // the page title: the endpoint of the earliest span without a parent (the orphan's parent is only missing)
    expect(w.rootEndpoint).toBe(full.spans.find((s) => s.parentSpanId === '')!.endpoint);
    expect(w.rootEndpoint).toBe('GET /cart');
    expect(new Set(w.strings).size).toBe(w.strings.length);
    // the orphan is a root; the server span failed
    expect(w.spans.parent[w.spans.spanId.findIndex((_, i) => str(w.spans.name[i]) === 'orphan')]).toBe(-1);
    expect(w.spans.error.filter(Boolean)).toHaveLength(1);
  });

  it('answers 404 TRACE_NOT_FOUND for an unknown trace and 400 for a bad id', async () => {
    expect(await get(`/traces/${'ab'.repeat(16)}/waterfall`)).toMatchObject({ status: 404, body: { code: 'TRACE_NOT_FOUND' } });
    expect(await get('/traces/xyz/waterfall')).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM' } });
  });
});

describe('GET /traces/:traceId/spans/:spanId', () => {
  it('is the span as the full answer has it (attributes, resource, events, status, endpoint, entities)', async () => {
    const full = (await get(`/traces/${traceId}`)).body as TraceResponse;
    for (const s of full.spans) {
      const { status, body } = await get(`/traces/${traceId}/spans/${s.spanId.toUpperCase()}`);
      expect(status).toBe(200);
      const { offsetMs: _o, depth: _d, childSpanIds: _c, ...span } = s;
      expect(body).toEqual(span);
    }
    const server = full.spans.find((s) => s.name === 'GET /items/:id')!;
    expect(server.attributes['http.route']).toBe('/items/:id');
    expect(server.status.code).toBe(2);
  });

  it('answers 404 SPAN_NOT_FOUND for a span not in the trace and 400 for a bad span id', async () => {
    expect(await get(`/traces/${traceId}/spans/${orphanParent}`)).toMatchObject({ status: 404, body: { code: 'SPAN_NOT_FOUND' } });
    expect(await get(`/traces/${traceId}/spans/12345`)).toMatchObject({ status: 400, body: { code: 'INVALID_PARAM' } });
  });
});
