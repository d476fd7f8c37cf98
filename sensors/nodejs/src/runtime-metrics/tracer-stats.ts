import type { Meter, BatchObservableResult } from '@opentelemetry/api';
import type { TracerStats } from '../stats.js';

/** The tracer's own health: spans exported and dropped (by reason), as cumulative counters. */
export function registerTracerStats(meter: Meter, stats: TracerStats): () => void {
  const exported = meter.createObservableCounter('argus.tracer.spans.exported', { unit: '{span}' });
  const dropped = meter.createObservableCounter('argus.tracer.spans.dropped', { unit: '{span}' });
  const callback = (result: BatchObservableResult) => {
    result.observe(exported, stats.exported);
    result.observe(dropped, stats.droppedQueueFull, { reason: 'queue_full' });
    result.observe(dropped, stats.droppedExportFailed, { reason: 'export_failed' });
  };
  meter.addBatchObservableCallback(callback, [exported, dropped]);
  return () => meter.removeBatchObservableCallback(callback, [exported, dropped]);
}
