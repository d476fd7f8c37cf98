/**
 * The intake's wire-level path: resources rewritten, everything else forwarded byte for byte; tracer requests joined
 * into larger forwards; the tracers' own drop counters and the intake's refusals in Prometheus text per service.
 */
import { loadOtlpTypes } from '@argus/otlp';
import { createProtoReader } from '@argus/otlp-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracerIntake, type SignalKind, type TracerIntake } from './index.js';
import { rewriteRequest } from './rewrite.js';

const types = loadOtlpTypes();
const identity = { hostId: 'h1', hostName: 'node-a', hostEntityId: 'host:h1' };
const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0');

function traces(service: string, pid: number, spans: number): Uint8Array {
  const msg = types.ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
            { key: 'process.pid', value: { intValue: pid } },
          ],
          droppedAttributesCount: 2,
        },
        scopeSpans: [
          {
            scope: { name: 'http', version: '1' },
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: Buffer.from(hex(i + 1, 16), 'hex'),
              spanId: Buffer.from(hex(i + 1, 8), 'hex'),
              name: `GET /${i}`,
              kind: 2,
              startTimeUnixNano: 1_700_000_000_000_000_000 + i,
              endTimeUnixNano: 1_700_000_000_001_000_000 + i,
              attributes: [{ key: 'http.response.status_code', value: { intValue: 200 } }],
            })),
          },
        ],
        schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
      },
    ],
  });
  return types.ExportTraceServiceRequest.encode(msg).finish();
}

function tracerMetrics(service: string, pid: number, dropped: Record<string, number>, exported: number): Uint8Array {
  const point = (value: number, reason?: string) => ({
    asDouble: value,
    attributes: reason ? [{ key: 'reason', value: { stringValue: reason } }] : [],
    timeUnixNano: 1,
  });
  const msg = types.ExportMetricsServiceRequest.fromObject({
    resourceMetrics: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: service } },
            { key: 'process.pid', value: { intValue: pid } },
          ],
        },
        scopeMetrics: [
          {
            scope: { name: '@argus/nodejs' },
            metrics: [
              { name: 'nodejs.heap.used', gauge: { dataPoints: [point(123)] } },
              { name: 'argus.tracer.spans.exported', sum: { dataPoints: [point(exported)], isMonotonic: true, aggregationTemporality: 2 } },
              {
                name: 'argus.tracer.spans.dropped',
                sum: { dataPoints: Object.entries(dropped).map(([r, v]) => point(v, r)), isMonotonic: true, aggregationTemporality: 2 },
              },
            ],
          },
        ],
      },
    ],
  });
  return types.ExportMetricsServiceRequest.encode(msg).finish();
}

describe('wire-level rewrite', () => {
  it('rewrites only the resource: scope spans, schema URL and other resource fields stay byte for byte', () => {
    const body = traces('checkout', 4242, 3);
    const out = rewriteRequest('traces', body, identity, () => ({ entityId: 'process:h1:4242:1', containerId: 'c1' }), {});
    expect(out.spanCount).toBe(3);
    expect([...out.spans]).toEqual([['checkout', 3]]);
    const before = types.ExportTraceServiceRequest.toObject(types.ExportTraceServiceRequest.decode(body), {
      longs: String,
      bytes: String,
    }) as any;
    const after = types.ExportTraceServiceRequest.toObject(types.ExportTraceServiceRequest.decode(out.body), {
      longs: String,
      bytes: String,
    }) as any;
    expect(after.resourceSpans[0].scopeSpans).toEqual(before.resourceSpans[0].scopeSpans);
    expect(after.resourceSpans[0].schemaUrl).toBe(before.resourceSpans[0].schemaUrl);
    expect(after.resourceSpans[0].resource.droppedAttributesCount).toBe(2);
    const attrs = Object.fromEntries(after.resourceSpans[0].resource.attributes.map((kv: any) => [kv.key, Object.values(kv.value)[0]]));
    expect(attrs).toEqual({
      'service.name': 'checkout',
      'process.pid': '4242',
      'host.id': 'h1',
      'host.name': 'node-a',
      'container.id': 'c1',
      'argus.process.entity.id': 'process:h1:4242:1',
      'argus.entity.id': 'nodejs:h1:4242',
      'argus.entity.type': 'nodejs',
    });
    // the scope spans are copied as bytes, not re-encoded: the original ScopeSpans field appears verbatim
    const outer = createProtoReader(body);
    outer.next();
    const len = outer.length();
    const entry = createProtoReader(body, outer.pos, outer.pos + len);
    let scopeSpans: Uint8Array | undefined;
    for (let at = entry.pos, f = entry.next(); f !== 0; at = entry.pos, f = entry.next()) {
      entry.skip();
      if (f === 2) scopeSpans = body.subarray(at, entry.pos);
    }
    expect(scopeSpans!.length).toBeGreaterThan(100);
    expect(out.body.includes(Buffer.from(scopeSpans!))).toBe(true);
  });

  it("reads the tracers' own span counters from their runtime metrics", () => {
    const out = rewriteRequest(
      'metrics',
      tracerMetrics('checkout', 7, { queue_full: 5, export_failed: 2 }, 100),
      identity,
      () => undefined,
      {},
    );
    expect(out.counters).toEqual([
      { runtime: 'nodejs:h1:7', service: 'checkout', metric: 'argus.tracer.spans.exported', reason: '', value: 100 },
      { runtime: 'nodejs:h1:7', service: 'checkout', metric: 'argus.tracer.spans.dropped', reason: 'queue_full', value: 5 },
      { runtime: 'nodejs:h1:7', service: 'checkout', metric: 'argus.tracer.spans.dropped', reason: 'export_failed', value: 2 },
    ]);
  });
});

describe('intake: joined forwards and Prometheus metrics', () => {
  const forwarded: Array<{ kind: SignalKind; body: Uint8Array }> = [];
  let intake: TracerIntake;
  let base: string;
  beforeAll(async () => {
    intake = createTracerIntake({
      host: '127.0.0.1',
      port: 0,
      version: '1',
      identity,
      resolveProcess: () => undefined,
      forward: (kind, body) => {
        forwarded.push({ kind, body: Buffer.from(body) });
        return Promise.resolve();
      },
      coalesce: { maxSpans: 25, maxDelayMs: 60_000 },
    });
    base = `http://127.0.0.1:${(await intake.start()).port}`;
  });
  afterAll(() => intake.stop());
  const post = (kind: SignalKind, body: Uint8Array) =>
    fetch(`${base}/v1/${kind}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(body) });

  it('joins tracer requests into one forward once it holds maxSpans spans', async () => {
    for (let i = 0; i < 3; i++) expect((await post('traces', traces('checkout', 10 + i, 10))).status).toBe(200);
    expect(forwarded).toHaveLength(1);
    const joined = types.ExportTraceServiceRequest.decode(forwarded[0].body).toJSON() as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }>;
    };
    expect(joined.resourceSpans).toHaveLength(3);
    expect(joined.resourceSpans.map((r) => r.scopeSpans[0].spans.length)).toEqual([10, 10, 10]);
  });

  it("exposes received spans and the tracers' drops per service, as counters that only grow", async () => {
    await post('metrics', tracerMetrics('checkout', 10, { queue_full: 5, export_failed: 0 }, 100));
    await post('metrics', tracerMetrics('checkout', 10, { queue_full: 12, export_failed: 1 }, 150));
    await post('metrics', tracerMetrics('checkout', 10, { queue_full: 3, export_failed: 1 }, 20)); // the process restarted
    await post('metrics', tracerMetrics('billing', 11, { queue_full: 4, export_failed: 0 }, 9));
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('argus_agent_tracer_spans_received_total{service="checkout"} 30');
    expect(text).toContain('argus_agent_tracer_spans_dropped_total{reason="queue_full",service="checkout"} 15');
    expect(text).toContain('argus_agent_tracer_spans_dropped_total{reason="export_failed",service="checkout"} 1');
    expect(text).toContain('argus_agent_tracer_spans_dropped_total{reason="queue_full",service="billing"} 4');
    expect(text).toContain('argus_agent_tracer_spans_exported_total{service="checkout"} 170');
    expect(text).toMatch(/# TYPE argus_agent_tracer_spans_dropped_total counter/);
    expect(text).toMatch(/argus_agent_tracer_runtimes \d+/);
  });
});
