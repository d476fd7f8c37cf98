import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { getRPCMetadata, W3CTraceContextPropagator } from '@opentelemetry/core';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installHttpServerTracing } from './http-server.js';
import { createIdGenerator } from './id-generator.js';
import { createClock } from './lean/clock.js';
import { createContextManager } from './lean/context-manager.js';
import type { LeanSpan } from './lean/span.js';
import { createLeanTracerProvider } from './lean/tracer.js';

const ended: LeanSpan[] = [];
const contextManager = createContextManager();
const provider = createLeanTracerProvider({ clock: createClock(), ids: createIdGenerator(), sink: { onEnd: (s) => ended.push(s) } });
let uninstall: () => void;
let server: http.Server;
let base: string;

/** a span's attributes as the encoder will see them (start attributes, then later ones; last wins) */
function attributesOf(span: LeanSpan): Record<string, unknown> {
  const all: Record<string, unknown> = { ...span.attrs };
  const extra = span.extra ?? [];
  for (let i = 0; i < extra.length; i += 2) all[extra[i] as string] = extra[i + 1];
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

beforeAll(async () => {
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  uninstall = installHttpServerTracing(provider.getTracer('t'), contextManager.enter, { serverTiming: true, captureHeaders: ['x-tenant'] });
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
      const rpc = getRPCMetadata(context.active());
      if (rpc && req.url?.startsWith('/items/')) rpc.route = '/items/:id';
      if (req.url === '/abort') return res.destroy();
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

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('http server tracing (diagnostics_channel)', () => {
  it('continues the incoming traceparent, keeps context in body listeners, sets Server-Timing', async () => {
    ended.length = 0;
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await fetch(`${base}/upload?x=1`, { method: 'POST', body: 'abcdef', headers: { traceparent: parent, 'x-tenant': 't1' } });
    // the chunk reached both the once- and the on-listener (the removed one is gone)
    expect(await res.text()).toBe('read 12');
    await settle();
    const serverSpan = ended.find((s) => s.kind === SpanKind.SERVER)!;
    const child = ended.find((s) => s.name === 'after-body')!;
    expect(serverSpan.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(serverSpan.parentSpanId).toBe('b7ad6b7169203331');
    expect(serverSpan.parentRemote).toBe(true);
    expect(child.parentSpanId).toBe(serverSpan.spanId);
    expect(serverSpan.name).toBe('POST');
    expect(attributesOf(serverSpan)).toEqual({
      'http.request.method': 'POST',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': Number(base.split(':')[2]),
      'network.peer.address': '127.0.0.1',
      'network.peer.port': expect.any(Number),
      'network.protocol.version': '1.1',
      'user_agent.original': 'node',
      'client.address': '127.0.0.1',
      'url.path': '/upload',
      'url.query': 'x=1',
      'http.response.status_code': 200,
      'http.request.header.x-tenant': ['t1'],
    });
    expect(res.headers.get('server-timing')).toBe(`traceparent;desc="00-${serverSpan.traceId}-${serverSpan.spanId}-01"`);
    expect(res.headers.get('timing-allow-origin')).toBeNull();
  });

  it('names the span after the route the framework set, normalizes unknown methods, honours proxy headers', async () => {
    ended.length = 0;
    await (
      await fetch(`${base}/items/42`, { headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1', 'x-forwarded-host': 'shop.example' } })
    ).text();
    await new Promise<void>((resolve) => {
      const req = http.request(`${base}/items/7`, { method: 'PURGE' }, (res) => res.resume().on('end', resolve));
      req.end();
    });
    await settle();
    const [a, b] = ended.filter((s) => s.kind === SpanKind.SERVER);
    expect(a.name).toBe('GET /items/:id');
    expect(attributesOf(a)).toMatchObject({
      'http.route': '/items/:id',
      'client.address': '203.0.113.9',
      'server.address': 'shop.example',
    });
    expect(attributesOf(a)['server.port']).toBeUndefined();
    expect(attributesOf(b)).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE' });
    expect(b.name).toBe('PURGE /items/:id');
  });

  it('adds CORS exposure for cross-origin requests, marks 5xx and aborted responses as errors', async () => {
    ended.length = 0;
    const cors = await fetch(`${base}/missing`, { headers: { origin: 'http://a.example' } });
    expect(cors.status).toBe(404);
    expect(cors.headers.get('access-control-expose-headers')).toBe('Server-Timing');
    expect(cors.headers.get('timing-allow-origin')).toBe('*');
    expect((await fetch(`${base}/fail`)).status).toBe(503);
    await fetch(`${base}/abort`).catch(() => undefined);
    await settle();
    const byPath = (p: string) => ended.find((s) => s.kind === SpanKind.SERVER && s.attrs?.['url.path'] === p)!;
    expect(byPath('/fail').statusCode).toBe(2);
    expect(byPath('/missing').statusCode).toBe(0);
    expect(byPath('/abort').statusCode).toBe(2);
    expect(byPath('/abort').statusMessage).toBe('response aborted');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
