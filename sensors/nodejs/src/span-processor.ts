import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TracerLog } from './log.js';
import { redactAttributes } from './redaction.js';
import type { TracerStats } from './stats.js';

export interface BatchOptions {
  flushMs: number;
  maxBatch: number;
  /** spans waiting for export; beyond this new spans are dropped (and counted) */
  maxQueue: number;
  /** concurrent exports; while all are busy spans wait in the queue */
  maxInFlight?: number;
  headersCaptured: boolean;
}

/**
 * A cheap batching span processor: onEnd is a redaction check and an array push. A timer (unref'd, so it
 * never keeps the app alive) flushes every `flushMs`, and a full batch flushes on the next turn. Memory is
 * bounded by maxQueue + maxInFlight * maxBatch spans; every dropped span is counted.
 */
export function createBatchSpanProcessor(exporter: SpanExporter, opts: BatchOptions, stats: TracerStats, log: TracerLog): SpanProcessor {
  const maxInFlight = opts.maxInFlight ?? 2;
  let queue: ReadableSpan[] = [];
  let inFlight = 0;
  let scheduled = false;
  let closed = false;
  const waiters: Array<() => void> = [];

  const settle = () => {
    if (inFlight === 0 && queue.length === 0) waiters.splice(0).forEach((w) => w());
  };

  const exportBatch = (batch: ReadableSpan[]) => {
    inFlight++;
    const done = (result: ExportResult) => {
      inFlight--;
      if (result.code === ExportResultCode.SUCCESS) stats.exported += batch.length;
      else {
        stats.droppedExportFailed += batch.length;
        log.warnOnce('EXPORT_FAILED', `span export failed, spans are dropped while it fails: ${result.error?.message ?? 'unknown error'}`);
      }
      if (queue.length > 0) schedule();
      settle();
    };
    try {
      context.with(suppressTracing(context.active()), () => exporter.export(batch, done));
    } catch (err) {
      done({ code: ExportResultCode.FAILED, error: err as Error });
    }
  };

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      let batch: ReadableSpan[];
      if (queue.length <= opts.maxBatch) {
        batch = queue;
        queue = [];
      } else {
        batch = queue.splice(0, opts.maxBatch);
      }
      exportBatch(batch);
    }
    settle();
  };

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  const timer = setInterval(() => {
    if (queue.length > 0) flush();
  }, opts.flushMs);
  timer.unref();

  const drain = () =>
    new Promise<void>((resolve) => {
      waiters.push(resolve);
      flush();
    });

  return {
    onStart() {},
    onEnd(span) {
      if (closed || (span.spanContext().traceFlags & 1) === 0) return;
      if (queue.length >= opts.maxQueue) {
        stats.droppedQueueFull++;
        return;
      }
      try {
        redactAttributes(span.attributes, opts.headersCaptured);
      } catch {
        return; // privacy first: a span that could not be redacted is not exported
      }
      queue.push(span);
      if (queue.length >= opts.maxBatch && inFlight < maxInFlight) schedule();
    },
    forceFlush: drain,
    async shutdown() {
      clearInterval(timer);
      await drain();
      closed = true;
      await exporter.shutdown();
    },
  };
}
