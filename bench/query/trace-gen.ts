/**
 * Traces of a chosen size for the trace-by-id benchmark, shaped like what an instrumented shop sends: a gateway
 * entry span, server, client, database and internal spans over eight services, the attributes the OpenTelemetry
 * semantic conventions put on each kind (~8 per span, numbers typed), nine resource attributes, and an exception
 * event on the failed spans. Sent as OTLP/JSON through the collector's real ingest, 1,000 spans per request (an
 * SDK's batch).
 */
import { randomBytes } from 'node:crypto';

const hex = (n: number) => randomBytes(n).toString('hex');
const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number) => ({ key, value: { intValue: String(v) } });

const SERVICES = ['gateway', 'web', 'catalog', 'pricing', 'cart', 'checkout', 'payments', 'inventory'];

export interface GenSpan {
  service: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number; // OTLP: 1 internal, 2 server, 3 client
  startMs: number;
  durMs: number;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  error: boolean;
}

export interface GenTrace {
  traceId: string;
  spans: GenSpan[];
}

function attributesFor(kind: 'server' | 'client' | 'db' | 'internal', i: number): GenSpan['attributes'] {
  const common = [str('session.id', hex(8)), str('app.tenant', `tenant-${i % 17}`)];
  if (kind === 'server')
    return [
      str('http.request.method', 'GET'),
      str('http.route', '/api/items/:id'),
      str('url.path', `/api/items/${i}`),
      int('http.response.status_code', 200),
      str('server.address', 'shop.internal'),
      str('network.protocol.version', '1.1'),
      ...common,
    ];
  if (kind === 'client')
    return [
      str('http.request.method', 'GET'),
      str('url.full', `http://inventory.internal:8080/api/stock/${i}`),
      str('server.address', 'inventory.internal'),
      int('server.port', 8080),
      int('http.response.status_code', 200),
      ...common,
    ];
  if (kind === 'db')
    return [
      str('db.system.name', 'postgresql'),
      str('db.namespace', 'shop'),
      str('db.operation.name', 'SELECT'),
      str('db.collection.name', 'items'),
      str('db.query.text', 'SELECT id, name, price, stock FROM items WHERE id = $1 AND tenant = $2'),
      str('server.address', 'pg.internal'),
      int('server.port', 5432),
      ...common,
    ];
  return [str('code.function.name', `render${i % 9}`), str('code.file.path', '/app/src/render.js'), ...common];
}

/** One trace of `count` spans: a tree with fan-out 3, children inside their parent's time, one error in 250. */
export function makeTrace(count: number, startMs: number): GenTrace {
  const spans: GenSpan[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? undefined : spans[Math.floor((i - 1) / 3)];
    const depth = i === 0 ? 0 : Math.floor(Math.log(2 * i + 1) / Math.log(3));
    const kind = i === 0 ? 'server' : (['server', 'client', 'db', 'internal'] as const)[i % 4];
    const slot = parent ? parent.durMs / 3 : 0;
    const k = (i - 1) % 3;
    spans.push({
      service: SERVICES[depth % SERVICES.length],
      spanId: hex(8),
      parentSpanId: parent?.spanId ?? '',
      name: kind === 'server' ? 'GET /api/items/:id' : kind === 'client' ? 'GET' : kind === 'db' ? 'SELECT shop.items' : `render${i % 9}`,
      kind: kind === 'server' ? 2 : kind === 'internal' ? 1 : 3,
      startMs: parent ? parent.startMs + k * slot + slot * 0.05 : startMs,
      durMs: parent ? slot * 0.8 : 30_000,
      attributes: attributesFor(kind, i),
      error: i % 250 === 249,
    });
  }
  return { traceId: hex(16), spans };
}

const resource = (service: string) => ({
  attributes: [
    str('service.name', service),
    str('service.version', '2.3.1'),
    str('service.instance.id', `${service}-7c9f`),
    str('host.name', `node-${service.length % 4}`),
    str('host.id', `host-${service.length % 4}`),
    int('process.pid', 4000 + service.length),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.language', 'nodejs'),
    str('deployment.environment.name', 'production'),
  ],
});

const STACK = Array.from({ length: 8 }, (_, i) => `    at handler${i} (/app/src/routes/items.js:${40 + i}:${7 + i})`).join('\n');

function otlpJson(traceId: string, spans: GenSpan[]) {
  const byService = new Map<string, GenSpan[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: resource(service),
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.2' },
          spans: list.map((s) => ({
            traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId,
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: ns(s.startMs),
            endTimeUnixNano: ns(s.startMs + s.durMs),
            attributes: s.attributes,
            events: s.error
              ? [
                  {
                    timeUnixNano: ns(s.startMs + s.durMs / 2),
                    name: 'exception',
                    attributes: [
                      str('exception.type', 'Error'),
                      str('exception.message', 'stock lookup failed'),
                      str('exception.stacktrace', STACK),
                    ],
                  },
                ]
              : [],
            status: s.error ? { code: 2, message: 'stock lookup failed' } : { code: 0 },
          })),
        },
      ],
    })),
  };
}

/** Sends the trace through POST /v1/traces (OTLP/JSON), `batch` spans per request; retries a 503 as an exporter would. */
export async function sendTrace(ingestUrl: string, key: string, t: GenTrace, batch = 1000): Promise<void> {
  for (let i = 0; i < t.spans.length; i += batch) {
    const body = JSON.stringify(otlpJson(t.traceId, t.spans.slice(i, i + batch)));
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${ingestUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
      });
      if (res.ok) break;
      if (res.status !== 503 || attempt >= 10) throw new Error(`ingest ${res.status}: ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}
