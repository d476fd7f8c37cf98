import type { Meter, BatchObservableResult } from '@opentelemetry/api';
import { getHeapSpaceStatistics } from 'node:v8';

/** Heap used/total, per heap space used/size, RSS and external memory, all in bytes. */
export function registerMemory(meter: Meter): () => void {
  const heapUsed = meter.createObservableGauge('nodejs.heap.used', { unit: 'By', description: 'V8 heap in use' });
  const heapTotal = meter.createObservableGauge('nodejs.heap.total', { unit: 'By', description: 'V8 heap allocated' });
  const spaceUsed = meter.createObservableGauge('v8js.memory.heap.used', { unit: 'By', description: 'Heap space in use' });
  const spaceSize = meter.createObservableGauge('v8js.memory.heap.limit', { unit: 'By', description: 'Heap space size' });
  const rss = meter.createObservableGauge('process.memory.usage', { unit: 'By', description: 'Resident set size' });
  const external = meter.createObservableGauge('nodejs.memory.external', { unit: 'By', description: 'Memory of C++ objects bound to JS' });
  const all = [heapUsed, heapTotal, spaceUsed, spaceSize, rss, external];
  const callback = (result: BatchObservableResult) => {
    const mem = process.memoryUsage();
    result.observe(heapUsed, mem.heapUsed);
    result.observe(heapTotal, mem.heapTotal);
    result.observe(rss, mem.rss);
    result.observe(external, mem.external);
    for (const space of getHeapSpaceStatistics()) {
      const attrs = { 'v8js.heap.space.name': space.space_name };
      result.observe(spaceUsed, space.space_used_size, attrs);
      result.observe(spaceSize, space.space_size, attrs);
    }
  };
  meter.addBatchObservableCallback(callback, all);
  return () => meter.removeBatchObservableCallback(callback, all);
}
