import { loadOtlpTypes } from '@argus/otlp';
import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../id-generator.js';
import { createLog } from '../log.js';
import { createSpanEncoder } from '../otlp/span-encoder.js';
import { ExportError, type PostResult, type Transport } from '../otlp/transport.js';
import { createStats } from '../stats.js';
import { createClock } from './clock.js';
import { createSpanBuffer, type BufferOptions } from './span-buffer.js';
import { createLeanTracerProvider, type SpanSink } from './tracer.js';

const types = loadOtlpTypes();
const spansIn = (body: Buffer) =>
  (
    types.ExportTraceServiceRequest.decode(body).toJSON() as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> }
  ).resourceSpans
    .flatMap((r) => r.scopeSpans)
    .reduce((n, s) => n + s.spans.length, 0);

function setup(answer: (body: Buffer, attempt: number) => Promise<PostResult>, opts: Partial<BufferOptions> = {}) {
  const stats = createStats();
  const clock = createClock();
  const sink: SpanSink = { onEnd: () => {} };
  const provider = createLeanTracerProvider({ clock, ids: createIdGenerator(), sink });
  const bodies: Buffer[] = [];
  let attempts = 0;
  const transport: Transport = {
    post: (_path, body) => {
      bodies.push(body);
      return answer(body, ++attempts);
    },
    close() {},
  };
  const buffer = createSpanBuffer(
    provider.tracers,
    createSpanEncoder({ attributes: { 'service.name': 't' } }, clock, { headersCaptured: false }),
    transport,
    { flushMs: 60_000, maxBatch: 10, maxQueue: 1000, maxInFlight: 2, maxAttempts: 3, encodeEvery: 4, ...opts },
    stats,
    createLog('silent'),
  );
  sink.onEnd = buffer.onEnd;
  const tracer = provider.getTracer('t');
  const make = (n: number) => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`, { attributes: { i } }).end();
  };
  return { stats, buffer, bodies, make };
}

const ok = (): Promise<PostResult> => Promise.resolve({ ok: true });

describe('span buffer', () => {
  it('encodes outside the ending call, sends full batches at once and the rest on flush', async () => {
    const { stats, buffer, bodies, make } = setup(ok);
    make(25);
    expect(bodies).toHaveLength(0); // nothing encoded or sent inside the calls that ended the spans
    await new Promise((r) => setImmediate(r));
    expect(bodies.map(spansIn)).toEqual([25]); // encoded in one step, past maxBatch: sent at once
    make(3);
    await new Promise((r) => setImmediate(r));
    expect(bodies).toHaveLength(1); // below maxBatch: waits for the timer or a flush
    await buffer.flush();
    expect(bodies.map(spansIn)).toEqual([25, 3]);
    expect(stats).toEqual({ exported: 28, droppedQueueFull: 0, droppedExportFailed: 0 });
  });

  it('retries a request refused with 503 after Retry-After, then delivers it', async () => {
    const { stats, buffer, bodies, make } = setup((_b, attempt) =>
      Promise.resolve(
        attempt === 1
          ? { ok: false, retry: true, retryAfterMs: 200, error: new ExportError('HTTP 503', 'ARGUS_EXPORT_HTTP') }
          : { ok: true },
      ),
    );
    make(5);
    const started = Date.now();
    await buffer.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
    expect(stats).toEqual({ exported: 5, droppedQueueFull: 0, droppedExportFailed: 0 });
  });

  it('drops and counts a request refused for good, and after the last attempt', async () => {
    const refused = setup(() => Promise.resolve({ ok: false, retry: false, error: new ExportError('HTTP 400', 'ARGUS_EXPORT_HTTP') }));
    refused.make(7);
    await refused.buffer.flush();
    expect(refused.stats).toEqual({ exported: 0, droppedQueueFull: 0, droppedExportFailed: 7 });
    const down = setup(
      () => Promise.resolve({ ok: false, retry: true, retryAfterMs: 0, error: new ExportError('ECONNREFUSED', 'ARGUS_EXPORT_NETWORK') }),
      {
        maxAttempts: 2,
      },
    );
    down.make(3);
    await down.buffer.flush();
    expect(down.bodies).toHaveLength(2);
    expect(down.stats).toEqual({ exported: 0, droppedQueueFull: 0, droppedExportFailed: 3 });
  });

  it('holds at most maxQueue spans while exports hang, counting every span it drops', async () => {
    const hung: Array<(r: PostResult) => void> = [];
    const { stats, buffer, bodies, make } = setup(() => new Promise((resolve) => hung.push(resolve)), { maxQueue: 50, maxInFlight: 1 });
    for (let round = 0; round < 20; round++) {
      make(20);
      await new Promise((r) => setImmediate(r));
    }
    expect(bodies).toHaveLength(1); // one request in flight, hanging
    const inFlight = spansIn(bodies[0]);
    expect(stats.droppedQueueFull).toBe(400 - 50 - inFlight);
    for (const resolve of hung.splice(0)) resolve({ ok: true });
    const flushed = buffer.flush();
    for (let i = 0; i < 20 && hung.length === 0; i++) await new Promise((r) => setImmediate(r));
    while (hung.length) {
      for (const resolve of hung.splice(0)) resolve({ ok: true });
      await new Promise((r) => setImmediate(r));
    }
    await flushed;
    expect(stats.exported + stats.droppedQueueFull).toBe(400);
  });
});
