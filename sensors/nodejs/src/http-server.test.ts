import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHttpServerTracing } from './http-server.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let uninstall: () => void;
let server: http.Server;
let base: string;

beforeAll(async () => {
  provider.register();
  uninstall = installHttpServerTracing(provider.getTracer('t'), { serverTiming: true, captureHeaders: ['x-tenant'] });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    const noop = () => {};
    req.on('data', noop);
    req.removeListener('data', noop);
    req.once('data', (c: Buffer) => chunks.push(c));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // created from a body listener: must still be a child of the server span
      provider.getTracer('t').startActiveSpan('after-body', (s) => s.end());
      res.statusCode = req.url === '/missing' ? 404 : req.url === '/fail' ? 503 : 200;
      res.end(`read ${Buffer.concat(chunks).length}`);
    });
  });
  server.on('clientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  uninstall();
  await new Promise((r) => server.close(r));
  context.disable();
  propagation.disable();
  trace.disable();
});

describe('http server tracing', () => {
  it('continues the incoming traceparent, keeps context in body listeners, sets Server-Timing', async () => {
    exporter.reset();
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await fetch(`${base}/upload?x=1`, { method: 'POST', body: 'abcdef', headers: { traceparent: parent, 'x-tenant': 't1' } });
    // the chunk reached both the once- and the on-listener (the removed one is gone)
    expect(await res.text()).toBe('read 12');
    await new Promise((r) => setTimeout(r, 20));
    const spans = exporter.getFinishedSpans();
    const serverSpan = spans.find((s) => s.kind === 1 /* SERVER */)!;
    const child = spans.find((s) => s.name === 'after-body')!;
    expect(serverSpan.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(serverSpan.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(child.parentSpanContext?.spanId).toBe(serverSpan.spanContext().spanId);
    expect(serverSpan.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/upload',
      'url.query': 'x=1',
      'http.response.status_code': 200,
      'http.request.header.x-tenant': ['t1'],
    });
    expect(res.headers.get('server-timing')).toBe(
      `traceparent;desc="00-${serverSpan.spanContext().traceId}-${serverSpan.spanContext().spanId}-01"`,
    );
    expect(res.headers.get('timing-allow-origin')).toBeNull();
  });

  it('adds CORS exposure for cross-origin requests and marks 5xx as errors', async () => {
    exporter.reset();
    const cors = await fetch(`${base}/missing`, { headers: { origin: 'http://a.example' } });
    expect(cors.status).toBe(404);
    expect(cors.headers.get('access-control-expose-headers')).toBe('Server-Timing');
    expect(cors.headers.get('timing-allow-origin')).toBe('*');
    expect((await fetch(`${base}/fail`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 50));
    const byPath = (p: string) => exporter.getFinishedSpans().find((s) => s.attributes['url.path'] === p)!;
    expect(byPath('/fail').status.code).toBe(2);
    expect(byPath('/missing').status.code).toBe(0);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
