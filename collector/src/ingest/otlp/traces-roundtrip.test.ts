import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';
import { TEST_BASE_MS, testNanos } from '../../../testing/recent-time.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(async () => {
  await collector?.destroy();
});

const ATTRS = {
  str: 'hello',
  empty: '',
  'bool.true': true,
  'bool.false': false,
  'int.zero': 0,
  'int.neg': -42,
  double: 3.25,
  'arr.str': ['a', '', 'c'],
  'arr.int': [1, 0, 3],
  'arr.bool': [true, false],
  'http.method': 'GET',
  'http.route': '/users/:id',
  'http.status_code': 503,
  'db.system': 'postgresql',
  'db.statement': 'SELECT * FROM t WHERE id = $1',
  'net.peer.name': 'db.local',
};

async function sendTrace(exporter: SpanExporter, service: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.version': '1.2.3',
      'host.name': 'h1',
      'process.pid': 4242,
      'res.bool': false,
      'res.num': 0,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('roundtrip-scope', '9.9.9');
  const start = new Date(TEST_BASE_MS);
  const root = tracer.startSpan('GET /users/:id', { kind: SpanKind.SERVER, startTime: start, attributes: ATTRS });
  const ctx = trace.setSpan(context.active(), root);
  const child = tracer.startSpan(
    'SELECT users',
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(start.getTime() + 5),
      links: [{ context: root.spanContext(), attributes: { 'link.n': 7, 'link.s': 'x' } }],
    },
    ctx,
  );
  child.addEvent(
    'exception',
    { 'exception.type': 'Error', 'exception.message': 'boom', 'ev.zero': 0, 'ev.false': false },
    new Date(start.getTime() + 6),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'query failed' });
  child.end(new Date(start.getTime() + 10));
  root.setStatus({ code: SpanStatusCode.OK });
  root.end(new Date(start.getTime() + 20));
  await provider.forceFlush();
  await provider.shutdown();
  return { root, child };
}

async function getTrace(traceId: string) {
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${collector.apiUrl}/api/v1/traces/${traceId}`);
    if (res.status === 200) return (await res.json()) as { spans: Record<string, any>[] };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`trace ${traceId} never became queryable`);
}

describe.each([
  [
    'json',
    () => new JsonExporter({ url: `${collector.ingestUrl}/v1/traces`, headers: { Authorization: `Bearer ${collector.ingestKey}` } }),
  ],
  ['protobuf', () => new ProtoExporter({ url: `${collector.ingestUrl}/v1/traces`, headers: { 'x-argus-key': collector.ingestKey } })],
])('OTLP traces over %s', (kind, makeExporter) => {
  it('round-trips every span field through the query API', async () => {
    const { root, child } = await sendTrace(makeExporter(), `svc-${kind}`);
    const traceId = root.spanContext().traceId;
    const { spans } = await getTrace(traceId);
    expect(spans).toHaveLength(2);
    const [r, c] = spans;
    expect(r.traceId).toBe(traceId);
    expect(r.spanId).toBe(root.spanContext().spanId);
    expect(r.parentSpanId).toBe('');
    expect(c.parentSpanId).toBe(root.spanContext().spanId);
    expect(c.spanId).toBe(child.spanContext().spanId);
    expect(r.kind).toBe(2);
    expect(c.kind).toBe(3);
    expect(r.name).toBe('GET /users/:id');
    expect(r.startTimeUnixNano).toBe(testNanos());
    expect(BigInt(r.endTimeUnixNano) - BigInt(r.startTimeUnixNano)).toBe(20_000_000n);
    expect(r.status).toEqual({ code: 1, message: '' });
    expect(c.status).toEqual({ code: 2, message: 'query failed' });
    expect(c.hasError).toBe(true);
    expect(r.hasError).toBe(true); // SERVER span with HTTP 503
    expect(r.service).toBe(`svc-${kind}`);
    expect(r.scope).toEqual({ name: 'roundtrip-scope', version: '9.9.9' });
    expect(r.attributes).toEqual(ATTRS);
    expect(r.resource).toMatchObject({
      'service.name': `svc-${kind}`,
      'service.version': '1.2.3',
      'host.name': 'h1',
      'process.pid': 4242,
      'res.bool': false,
      'res.num': 0,
    });
    expect(r.promoted).toMatchObject({
      http_method: 'GET',
      http_route: '/users/:id',
      http_status: 503,
      db_system: 'postgresql',
      db_statement: 'SELECT * FROM t WHERE id = $1',
    });
    expect(r.promoted.server_address).toBeUndefined(); // net.peer.name only maps to server.address on client spans
    expect(r.infrastructure).toMatchObject({ hostName: 'h1', processPid: 4242 });
    expect(c.events).toEqual([
      {
        timeUnixNano: testNanos(6_000_000),
        name: 'exception',
        attributes: { 'exception.type': 'Error', 'exception.message': 'boom', 'ev.zero': 0, 'ev.false': false },
      },
    ]);
    expect(c.links).toEqual([{ traceId, spanId: root.spanContext().spanId, traceState: '', attributes: { 'link.n': 7, 'link.s': 'x' } }]);
  });
});

describe('span search', () => {
  it('filters by service, status, min duration and attribute equality', async () => {
    const q = async (qs: string) =>
      ((await (await fetch(`${collector.apiUrl}/api/v1/spans?from=0&${qs}`)).json()) as { spans: { name: string }[] }).spans;
    expect((await q('service=svc-json')).length).toBe(2);
    expect((await q('service=svc-json&status=error')).length).toBe(2); // the SERVER span answered 503
    expect((await q('service=svc-json&status=ok')).map((s) => s.name)).toEqual(['GET /users/:id']);
    expect((await q('service=svc-json&minDuration=15')).map((s) => s.name)).toEqual(['GET /users/:id']);
    expect((await q('service=svc-json&attr.http.route=/users/:id')).length).toBe(1);
    expect((await q('service=svc-json&attr.http.status_code=503')).length).toBe(1);
    expect((await q('service=svc-json&attr.bool.false=false')).length).toBe(1);
    expect((await q('service=svc-json&attr.str=nope')).length).toBe(0);
    const services = (await (await fetch(`${collector.apiUrl}/api/v1/services?from=0`)).json()) as { services: { name: string }[] };
    expect(services.services.map((s) => s.name)).toEqual(expect.arrayContaining(['svc-json', 'svc-protobuf']));
  });
});
