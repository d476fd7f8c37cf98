import { gzipSync } from 'node:zlib';
import { loadOtlpTypes } from '@argus/otlp';
import type { EntitySnapshot } from '@argus/sensor-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracerIntake, type SignalKind, type TracerIntake } from './index.js';

const types = loadOtlpTypes();
const forwarded: Array<{ kind: SignalKind; body: Uint8Array }> = [];
const runtimes: EntitySnapshot[] = [];
let overloaded = false;
let intake: TracerIntake;
let base: string;

beforeAll(async () => {
  intake = createTracerIntake({
    host: '127.0.0.1',
    port: 0,
    version: '1.2.3',
    identity: { hostId: 'h1', hostName: 'node-a', hostEntityId: 'host:h1', zone: 'eu-west-1a' },
    resolveProcess: (pid) =>
      pid === 4242 ? { entityId: 'process:h1:4242:1700000000000', containerId: 'c0ffee', podUid: 'pod-1' } : undefined,
    forward(kind, body) {
      if (overloaded) return Promise.reject(Object.assign(new Error('spool full'), { retryAfterSeconds: 7 }));
      forwarded.push({ kind, body: Buffer.from(body) });
      return Promise.resolve();
    },
    onRuntime: (s) => runtimes.push(s),
    coalesce: { maxDelayMs: 60_000 },
  });
  base = `http://127.0.0.1:${(await intake.start()).port}`;
});
afterAll(() => intake.stop());

const traceJson = (pid: number) => ({
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'checkout' } },
          { key: 'process.pid', value: { intValue: String(pid) } },
          { key: 'host.name', value: { stringValue: 'container-host' } },
        ],
      },
      scopeSpans: [
        {
          scope: { name: 's' },
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'GET /',
              kind: 2,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000001000000',
            },
          ],
        },
      ],
    },
  ],
});

function resourceOf(body: Uint8Array, kind: SignalKind): Record<string, unknown> {
  const type = kind === 'traces' ? types.ExportTraceServiceRequest : types.ExportMetricsServiceRequest;
  const obj = type.toObject(type.decode(body), { longs: Number, bytes: String }) as Record<string, any>;
  const entry = (kind === 'traces' ? obj.resourceSpans : obj.resourceMetrics)[0];
  return Object.fromEntries(entry.resource.attributes.map((kv: any) => [kv.key, kv.value.stringValue ?? kv.value.intValue]));
}

describe('tracer intake', () => {
  it('answers GET / so tracers can find the agent', async () => {
    const res = await fetch(`${base}/`);
    expect(await res.json()).toEqual({ version: '1.2.3', agent: 'argus' });
  });

  it('enriches OTLP/JSON traces with host, container and process identity and forwards protobuf', async () => {
    forwarded.length = 0;
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceJson(4242)),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    await intake.flush();
    expect(forwarded).toHaveLength(1);
    const attrs = resourceOf(forwarded[0].body, 'traces');
    expect(attrs).toMatchObject({
      'service.name': 'checkout',
      'host.id': 'h1',
      'host.name': 'node-a',
      'host.hostname.reported': 'container-host',
      'cloud.availability_zone': 'eu-west-1a',
      'container.id': 'c0ffee',
      'k8s.pod.uid': 'pod-1',
      'argus.entity.id': 'nodejs:h1:4242',
      'argus.entity.type': 'nodejs',
      'argus.process.entity.id': 'process:h1:4242:1700000000000',
    });
    const span = types.ExportTraceServiceRequest.toObject(types.ExportTraceServiceRequest.decode(forwarded[0].body), {
      bytes: String,
    }) as any;
    expect(Buffer.from(span.resourceSpans[0].scopeSpans[0].spans[0].traceId, 'base64').toString('hex')).toBe(
      '0af7651916cd43dd8448eb211c80319c',
    );
    expect(runtimes.at(-1)).toMatchObject({
      id: 'nodejs:h1:4242',
      type: 'nodejs',
      name: 'checkout',
      parentId: 'process:h1:4242:1700000000000',
    });
    expect(intake.liveRuntimes().map((r) => r.id)).toContain('nodejs:h1:4242');
  });

  it('accepts gzip protobuf metrics, joins requests into one forward, reports each runtime once, parents unknown processes to the host', async () => {
    forwarded.length = 0;
    const before = runtimes.length;
    const msg = types.ExportMetricsServiceRequest.fromObject({
      resourceMetrics: [
        {
          resource: {
            attributes: [
              { key: 'process.pid', value: { intValue: 99 } },
              { key: 'service.name', value: { stringValue: 'worker' } },
            ],
          },
          scopeMetrics: [],
        },
      ],
    });
    const body = gzipSync(types.ExportMetricsServiceRequest.encode(msg).finish());
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/v1/metrics`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
        body,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    }
    await intake.flush();
    expect(forwarded.map((f) => f.kind)).toEqual(['metrics']);
    const joined = types.ExportMetricsServiceRequest.decode(forwarded[0].body).toJSON() as { resourceMetrics: unknown[] };
    expect(joined.resourceMetrics).toHaveLength(2);
    expect(resourceOf(forwarded[0].body, 'metrics')['argus.entity.id']).toBe('nodejs:h1:99');
    expect(runtimes.slice(before)).toEqual([expect.objectContaining({ id: 'nodejs:h1:99', parentId: 'host:h1' })]);
  });

  it('rejects bad input with a clear 4xx', async () => {
    const post = (headers: Record<string, string>, body: BodyInit) => fetch(`${base}/v1/traces`, { method: 'POST', headers, body });
    const garbage = await post({ 'content-type': 'application/x-protobuf' }, new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).message).toMatch(/ExportTraceServiceRequest/);
    expect((await post({ 'content-type': 'application/json' }, '{nope')).status).toBe(400);
    expect((await post({ 'content-type': 'text/plain' }, 'x')).status).toBe(415);
    expect((await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip')).status).toBe(400);
    expect(
      (
        await post(
          { 'content-type': 'application/json' },
          JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz' }] }] }] }),
        )
      ).status,
    ).toBe(400);
  });

  it('answers 503 with Retry-After while a refused forward waits for its retry, then delivers it', async () => {
    forwarded.length = 0;
    const post = () =>
      fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(traceJson(4242)),
      });
    overloaded = true;
    try {
      expect((await post()).status).toBe(200); // taken: held by the intake
      await intake.flush(); // the agent refuses it (spool full, retry in 7 s)
      const res = await post();
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(6);
    } finally {
      overloaded = false;
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/argus_agent_tracer_spans_refused_total\{service="checkout"\} 1/);
    expect(metrics).toMatch(/argus_agent_tracer_requests_total\{code="503",signal="traces"\} 1/);
  });
});

describe('tracer intake body limit', () => {
  it('answers 413 for bodies over maxBodyBytes, before and after gunzip; 404 for unknown routes', async () => {
    const small = createTracerIntake({
      host: '127.0.0.1',
      port: 0,
      version: '1',
      identity: { hostId: 'h', hostName: 'n', hostEntityId: 'host:h' },
      resolveProcess: () => undefined,
      forward: async () => {},
      maxBodyBytes: 100,
    });
    const url = `http://127.0.0.1:${(await small.start()).port}`;
    try {
      const big = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(200),
      });
      expect(big.status).toBe(413);
      expect((await big.json()).code).toBe(413);
      const bomb = gzipSync(JSON.stringify({ resourceSpans: [], pad: ' '.repeat(5000) }));
      expect(bomb.length).toBeLessThan(100);
      const res = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      });
      expect(res.status).toBe(413);
      expect((await fetch(`${url}/v1/logs`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await small.stop();
    }
  });
});
