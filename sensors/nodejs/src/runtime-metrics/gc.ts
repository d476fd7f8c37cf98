import type { Meter, BatchObservableResult } from '@opentelemetry/api';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** GC runs and total pause time by kind (minor, major, incremental, weakcb) as cumulative counters. */
export function registerGc(meter: Meter): () => void {
  const totals = new Map<string, { count: number; pause: number }>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
      const kind = kinds[entry.detail?.kind ?? -1] ?? 'other';
      let t = totals.get(kind);
      if (!t) totals.set(kind, (t = { count: 0, pause: 0 }));
      t.count++;
      t.pause += entry.duration / 1000;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const count = meter.createObservableCounter('nodejs.gc.count', { unit: '{gc}', description: 'Garbage collections' });
  const pause = meter.createObservableCounter('nodejs.gc.pause', { unit: 's', description: 'Time paused in garbage collection' });
  const callback = (result: BatchObservableResult) => {
    for (const [kind, t] of totals) {
      const attrs = { 'v8js.gc.type': kind };
      result.observe(count, t.count, attrs);
      result.observe(pause, t.pause, attrs);
    }
  };
  meter.addBatchObservableCallback(callback, [count, pause]);
  return () => {
    meter.removeBatchObservableCallback(callback, [count, pause]);
    observer.disconnect();
  };
}
