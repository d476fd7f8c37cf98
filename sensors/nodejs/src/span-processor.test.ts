import { ExportResultCode } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createLog } from './log.js';
import { createBatchSpanProcessor } from './span-processor.js';
import { createStats } from './stats.js';

function tracerWith(exporter: SpanExporter, maxQueue: number) {
  const stats = createStats();
  const processor = createBatchSpanProcessor(
    exporter,
    { flushMs: 60_000, maxBatch: 10, maxQueue, headersCaptured: false },
    stats,
    createLog('silent'),
  );
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  return { stats, provider, tracer: provider.getTracer('t') };
}

describe('batch span processor', () => {
  it('exports in batches of maxBatch and redacts before export', async () => {
    const exporter = new InMemorySpanExporter();
    const { stats, provider, tracer } = tracerWith(exporter, 1000);
    for (let i = 0; i < 25; i++) tracer.startSpan(`s${i}`, { attributes: { 'url.full': `http://h/?token=t${i}` } }).end();
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(25);
    expect(stats.exported).toBe(25);
    expect(spans.every((s) => s.attributes['url.full'] === 'http://h/?token=REDACTED')).toBe(true);
    await provider.shutdown();
  });

  it('bounds the queue and counts drops when the exporter fails', async () => {
    const seen: ReadableSpan[][] = [];
    const failing: SpanExporter = {
      export: (spans, done) => {
        seen.push(spans);
        setTimeout(() => done({ code: ExportResultCode.FAILED, error: new Error('ECONNREFUSED') }), 5);
      },
      shutdown: async () => {},
    };
    const { stats, provider, tracer } = tracerWith(failing, 50);
    for (let i = 0; i < 500; i++) tracer.startSpan(`s${i}`).end();
    await provider.forceFlush();
    const exportedAttempts = seen.reduce((n, b) => n + b.length, 0);
    expect(stats.exported).toBe(0);
    expect(stats.droppedExportFailed).toBe(exportedAttempts);
    expect(stats.droppedQueueFull + stats.droppedExportFailed).toBe(500);
    expect(stats.droppedQueueFull).toBeGreaterThan(0);
    expect(Math.max(...seen.map((b) => b.length))).toBeLessThanOrEqual(10);
    await provider.shutdown();
  });
});
