import { alertRoutes, routes, type AlertRouteId, type RouteId } from '@argus/api';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createWorld, eventually, SpanKind } from '../testing/otel-world.js';
import { encodeMetrics, postMetrics } from '../testing/otlp-metrics.js';

// The OpenAPI document against the live API: valid OpenAPI 3.1, every registered route in it, and the answers of
// every read route over demo-like data (real OTel spans, logs, metrics, agent entities, browser beacons) valid
// against the document's own response schemas (which allow no undocumented field).
let c: TestCollector;
let doc: Record<string, any>;
let siteId = '';
const traceIds: string[] = [];
const rootSpanIds: string[] = [];
const ORIGIN = 'https://shop.example.com';
const now = Date.now();

/** fetch, retried once when the server closed an idle keep-alive socket just as it was reused (ECONNRESET) */
const fetchOnce = (url: string, init?: RequestInit) => fetch(url, init).catch(() => fetch(url, init));

async function seed() {
  const key = c.ingestKey;
  const world = createWorld(c.ingestUrl, key);
  const web = world.service('web', { 'host.name': 'h1', 'host.id': 'h1' });
  const api = world.service('api', { 'host.name': 'h1' });
  const spans = [];
  for (let i = 0; i < 5; i++) {
    const t = now - 60_000 + i * 1000;
    const root = web.span({
      name: 'GET /cart',
      kind: SpanKind.SERVER,
      startMs: t,
      durationMs: 30,
      attributes: { 'http.route': '/cart', 'http.request.method': 'GET' },
    });
    const call = web.span({
      name: 'GET',
      kind: SpanKind.CLIENT,
      parent: root,
      startMs: t + 1,
      durationMs: 20,
      attributes: { 'http.request.method': 'GET', 'server.address': 'api' },
    });
    const server = api.span({
      name: 'GET /items/:id',
      kind: SpanKind.SERVER,
      parent: call,
      startMs: t + 2,
      durationMs: 15,
      error: i === 0,
      attributes: { 'http.route': '/items/:id', 'http.request.method': 'GET', 'http.response.status_code': i === 0 ? 500 : 200 },
    });
    const db = api.span({
      name: 'SELECT shop.items',
      kind: SpanKind.CLIENT,
      parent: server,
      startMs: t + 3,
      durationMs: 5,
      attributes: { 'db.system': 'postgresql', 'db.namespace': 'shop', 'db.operation.name': 'SELECT', 'db.collection.name': 'items' },
    });
    spans.push(root, call, server, db);
    traceIds.push(root.spanContext().traceId);
    rootSpanIds.push(root.spanContext().spanId);
  }
  await world.send(spans);
  await world.close();
  const logs = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'web' } }] },
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: `${now - 5000}000000`,
                severityNumber: 17,
                severityText: 'ERROR',
                body: { stringValue: 'payment failed' },
                traceId: traceIds[0],
                attributes: [{ key: 'order', value: { intValue: '42' } }],
              },
            ],
          },
        ],
      },
    ],
  };
  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${c.ingestUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${key}`, origin: ORIGIN },
      body,
    });
  expect((await post('/v1/logs', JSON.stringify(logs))).status).toBe(200);
  const points = (f: (i: number) => number) =>
    Array.from({ length: 30 }, (_, i) => ({ t: now - 40_000 + i * 1000, v: f(i), start: now - 3_600_000 }));
  await postMetrics(
    c.ingestUrl,
    key,
    encodeMetrics({ 'argus.entity.id': 'host:h1' }, [
      { name: 'host.cpu.utilization', unit: '1', kind: 'gauge', attributes: { cpu: '0' }, points: points((i) => i / 30) },
      { name: 'host.network.io', unit: 'By', kind: 'counter', points: points((i) => i * 1000) },
    ]),
  );
  const entities = {
    agentId: 'a1',
    hostEntityId: 'host:h1',
    time: now,
    alive: ['host:h1', 'process:h1:7'],
    events: [{ severity: 'warning', code: 'X_MISSING', message: 'x is missing', entityId: 'host:h1', time: now }],
    snapshots: [
      { id: 'host:h1', type: 'host', name: 'h1', attributes: { 'host.name': 'h1', cores: 2 } },
      { id: 'process:h1:7', type: 'process', name: 'node', parentId: 'host:h1', attributes: { pid: 7 } },
    ],
  };
  expect((await post('/v1/agent/entities', JSON.stringify(entities))).status).toBe(200);
  const site = await fetch(`${c.apiUrl}/api/v1/websites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Shop', allowedOrigins: [ORIGIN] }),
  });
  expect(site.status).toBe(201);
  const w = (await site.json()) as { id: string; siteKey: string };
  siteId = w.id;
  const beacons = {
    v: 1,
    k: w.siteKey,
    s: 'sess1',
    pl: 'pl1',
    n: now,
    b: [
      {
        t: 'pl',
        ts: now - 3000,
        p: '/home',
        u: `${ORIGIN}/home`,
        d: 900,
        ttfb: 120,
        fcp: 300,
        lcp: 450,
        cls: 0.02,
        nt: { d: 5, c: 10, q: 100, o: 20, m: 300, l: 2 },
        bt: traceIds[1],
      },
      { t: 'wv', ts: now - 2000, p: '/home', lcp: 3000, cls: 0.3, inp: 120 },
      { t: 'xhr', ts: now - 2000, p: '/home', m: 'GET', u: `${ORIGIN}/api/cart`, sc: 200, d: 50, bt: traceIds[2] },
      { t: 'err', ts: now - 1000, p: '/home', msg: 'boom', st: 'Error: boom\n    at f (https://shop.example.com/app.js:1:2)', c: 2 },
      { t: 'res', ts: now - 1000, p: '/home', r: { [ORIGIN]: [['/app.js', 's', 10, 40, 0, 1000, 3000]] } },
    ],
  };
  expect((await post('/eum/v1/beacons', JSON.stringify(beacons), 'text/plain')).status).toBe(202);
  await eventually(async () => {
    const map = (await (await fetch(`${c.apiUrl}/api/v1/dependency-map`)).json()) as { edges: unknown[] };
    return map.edges.length >= 2;
  });
}

beforeAll(async () => {
  c = await startTestCollector({ batchFlushMs: 20 });
  await seed();
  doc = (await (await fetch(`${c.apiUrl}/api/v1/openapi.json`)).json()) as Record<string, any>;
});
afterAll(() => c?.destroy());

it('serves a valid OpenAPI 3.1 document', async () => {
  const res = await new Validator().validate(doc);
  expect(res.errors ?? []).toEqual([]);
  expect(res.valid).toBe(true);
  expect(doc.openapi).toBe('3.1.0');
});

it('has every registered /api/v1 route, its parameters and error codes', () => {
  const registered = c.apiRoutes.filter((r) => r.path.startsWith('/api/v1/') && !r.path.endsWith('*'));
  const undeclared = registered.filter((r) => !doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]);
  expect(undeclared).toEqual([]);
  const traces = doc.paths['/api/v1/traces'].get;
  expect(traces.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['from', 'to', 'service', 'sort', 'limit', 'attr.<key>', 'resource.<key>']),
  );
  expect(Object.keys(traces.responses)).toEqual(['200', '400', '401', '500']);
  expect(Object.keys(doc.paths['/api/v1/traces/{traceId}'].get.responses['404'].content['application/json'].examples)).toEqual([
    'TRACE_NOT_FOUND',
  ]);
});

describe('live answers match their response schemas', () => {
  const from = now - 3_600_000;
  const r = `from=${from}&to=${now + 60_000}`;
  const samples: Record<RouteId, string> = {
    listSpans: `/spans?${r}&service=api&attr.http.route=/items/:id`,
    searchTraces: `/traces?${r}&service=web&sort=slowest`,
    getTrace: `/traces/${'0'.repeat(32)}`,
    getTraceWaterfall: '/traces/:trace/waterfall',
    getTraceSpan: '/traces/:trace/spans/:span',
    getTraceScatter: `/trace-scatter?${r}&service=api&maxDuration=1000`,
    listLogs: `/logs?${r}&severity=9`,
    listServices: `/services?${r}`,
    getService: `/services/api?${r}`,
    listServiceInstances: `/service-instances?${r}&host=h1`,
    getDependencyMap: `/dependency-map?${r}`,
    getKpis: `/kpis?scope=endpoint&id=api|GET /items/:id&${r}`,
    getLatencyHistogram: `/kpis/histogram?scope=endpoint&id=api|GET /items/:id&${r}`,
    getServiceSparklines: `/kpis/series?${r}&points=20`,
    getEndpoint: `/endpoints?service=api&endpoint=GET /items/:id&${r}`,
    searchNames: '/search?q=ap',
    listEntities: '/infrastructure/entities',
    getEntity: '/infrastructure/entities/process:h1:7',
    listEvents: '/infrastructure/events',
    getInfrastructureMap: '/infrastructure/map',
    getMetricSeries: `/metrics?entity=host:h1&metric=host.cpu.utilization&${r}`,
    listMetrics: '/metrics/list?entity=host:h1',
    listWebsites: '/websites',
    createWebsite: '/websites',
    getWebsite: '/websites/:site',
    getWebsiteSummary: `/websites/:site/summary?${r}`,
    getWebsiteBreakdown: `/websites/:site/breakdown/browser?${r}`,
    getWebsiteTimeseries: `/websites/:site/timeseries?${r}`,
    listWebsiteErrors: `/websites/:site/errors?${r}`,
    listWebsiteResources: `/websites/:site/resources?${r}`,
    listWebsiteHttpCalls: `/websites/:site/http-calls?${r}`,
    getWebsiteSession: '/websites/:site/sessions/sess1',
    listTables: '/storage',
    listColumns: '/storage/columns?table=spans',
    optimizeTable: '/storage/optimize?table=logs',
    getOpenApi: '/openapi.json',
  };
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  it.each(Object.keys(routes) as RouteId[])('%s', async (id) => {
    if (!ajv.getSchema('openapi.json')) ajv.addSchema(doc, 'openapi.json');
    const spec = routes[id];
    const path =
      id === 'getTrace'
        ? `/traces/${traceIds[0]}`
        : samples[id].replace(':site', siteId).replace(':trace', traceIds[0]).replace(':span', rootSpanIds[0]);
    const init: RequestInit = { method: spec.method.toUpperCase() };
    if (id === 'createWebsite')
      Object.assign(init, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Blog', allowedOrigins: ['*'] }),
      });
    const res = await fetchOnce(`${c.apiUrl}/api/v1${path}`, init);
    const body = (await res.json()) as unknown;
    expect(res.status, JSON.stringify(body)).toBe(spec.status ?? 200);
    const op = doc.paths[`/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`][spec.method];
    const ref = op.responses[String(spec.status ?? 200)].content['application/json'].schema.$ref as string;
    const valid = ajv.validate({ $ref: `openapi.json${ref}` }, body);
    expect(ajv.errors ?? [], JSON.stringify(body).slice(0, 2000)).toEqual([]);
    expect(valid).toBe(true);
    // not an empty answer: a list answer has entries (one span's events and links may both be empty: it is that span)
    if (id === 'getTraceSpan') expect((body as { spanId: string }).spanId).toBe(rootSpanIds[0]);
    const lists = Object.values(body as Record<string, unknown>).filter(Array.isArray);
    if (lists.length && id !== 'getTraceSpan')
      expect(
        lists.some((l) => l.length > 0),
        JSON.stringify(body).slice(0, 500),
      ).toBe(true);
  });
});

describe('live answers of the alerting routes match their schemas', () => {
  // a webhook receiver for the channel's test send and the incident's notifications
  let receiver: Server;
  let receiverUrl = '';
  beforeAll(async () => {
    receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
  const ids = { channel: '', alert: '', incident: '' };
  let exported = '';
  const channel = () => ({ type: 'webhook', name: 'ops hook', url: receiverUrl });
  // an alert on api's error rate (1 of its 5 calls failed) over the last hour: the evaluator opens an incident at once
  const alert = (name: string) => ({
    name,
    scope: { kind: 'service', service: 'api' },
    signal: { name: 'errorRate' },
    threshold: { type: 'static', critical: 0.1 },
    windowSeconds: 3600,
    timeRule: { violations: 1, of: 1 },
    minTraffic: 1,
    channels: [ids.channel],
  });
  const incidentOpened = () =>
    eventually(async () => {
      const res = await fetchOnce(`${c.apiUrl}/api/v1/events?type=incident&from=${now - 3_600_000}`);
      const events = ((await res.json()) as { events: Array<{ id: string }> }).events;
      ids.incident = events[0]?.id ?? '';
      return events.length > 0;
    }, 30_000);
  /** every alerting route, in the order they run (one sample each: tsc says when a route lacks one) */
  const samples: Record<AlertRouteId, { path: () => string; body?: () => unknown; before?: () => Promise<void> }> = {
    createAlertChannel: { path: () => '/alert-channels', body: channel },
    listAlertChannels: { path: () => '/alert-channels' },
    getAlertChannel: { path: () => `/alert-channels/${ids.channel}` },
    updateAlertChannel: { path: () => `/alert-channels/${ids.channel}`, body: () => ({ ...channel(), secret: '<redacted>' }) },
    testAlertChannel: { path: () => `/alert-channels/${ids.channel}/test` },
    listAlertBlueprints: { path: () => '/alerts/blueprints' },
    createAlert: { path: () => '/alerts', body: () => alert('api errors') },
    listAlerts: { path: () => '/alerts' },
    getAlert: { path: () => `/alerts/${ids.alert}` },
    updateAlert: { path: () => `/alerts/${ids.alert}`, body: () => alert('api erroneous') },
    disableAlert: { path: () => `/alerts/${ids.alert}/disable` },
    enableAlert: { path: () => `/alerts/${ids.alert}/enable` },
    detectAlertThreshold: { path: () => '/alerts/detect-threshold', body: () => ({ blueprint: 'service-slow', service: 'api', days: 1 }) },
    exportAlerts: { path: () => '/alerts/export?secrets=true' },
    importAlerts: { path: () => '/alerts/import?mode=merge', body: () => exported },
    listAlertEvents: { path: () => `/events?from=${now - 3_600_000}&type=incident`, before: incidentOpened },
    getAlertEvent: { path: () => `/events/${ids.incident}` },
    getIncident: { path: () => `/incidents/${ids.incident}` },
    acknowledgeIncident: { path: () => `/incidents/${ids.incident}/acknowledge` },
    listAlertNotifications: { path: () => `/alert-notifications?event=${ids.incident}` },
    closeIncident: { path: () => `/incidents/${ids.incident}/close` },
    deleteAlert: { path: () => `/alerts/${ids.alert}` },
    deleteAlertChannel: { path: () => `/alert-channels/${ids.channel}` },
  };
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  it.each(Object.keys(samples) as AlertRouteId[])('%s', async (id) => {
    if (!ajv.getSchema('openapi.json')) ajv.addSchema(doc, 'openapi.json');
    const spec = alertRoutes[id];
    const sample = samples[id];
    await sample.before?.();
    const payload = sample.body?.();
    const init: RequestInit = { method: spec.method.toUpperCase() };
    if (payload !== undefined) {
      const type = spec.bodyType ?? 'application/json';
      init.headers = { 'content-type': type };
      init.body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    }
    const res = await fetchOnce(`${c.apiUrl}/api/v1${sample.path()}`, init);
    const type = spec.responseType ?? 'application/json';
    expect(res.headers.get('content-type')).toContain(type);
    const text = await res.text();
    const body = (type === 'application/yaml' ? parseYaml(text) : JSON.parse(text)) as Record<string, unknown>;
    expect(res.status, text.slice(0, 2000)).toBe(spec.status ?? 200);
    const op = doc.paths[`/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`][spec.method];
    const ref = op.responses[String(spec.status ?? 200)].content[type].schema.$ref as string;
    const valid = ajv.validate({ $ref: `openapi.json${ref}` }, body);
    expect(ajv.errors ?? [], text.slice(0, 2000)).toEqual([]);
    expect(valid).toBe(true);
    const lists = Object.values(body).filter(Array.isArray);
    if (lists.length)
      expect(
        lists.some((l) => l.length > 0),
        text.slice(0, 500),
      ).toBe(true);
    if (id === 'createAlertChannel') ids.channel = String(body.id);
    if (id === 'createAlert') ids.alert = String(body.id);
    if (id === 'exportAlerts') exported = text;
  });
});

it('labels argus_requests_total by route template: fetching many traces is one series', async () => {
  for (const id of ['1'.repeat(32), '2'.repeat(32), '3'.repeat(32), ...traceIds]) await fetch(`${c.apiUrl}/api/v1/traces/${id}`);
  const text = await (await fetch(`${c.ingestUrl}/metrics`)).text();
  const series = text
    .split('\n')
    .filter((l) => l.startsWith('argus_requests_total{') && l.includes('/api/v1/traces/') && !/:traceId\/(waterfall|spans)/.test(l));
  expect(series.map((l) => l.replace(/ \d+$/, '')).sort()).toEqual([
    'argus_requests_total{route="/api/v1/traces/:traceId",status="200"}',
    'argus_requests_total{route="/api/v1/traces/:traceId",status="404"}',
  ]);
});
