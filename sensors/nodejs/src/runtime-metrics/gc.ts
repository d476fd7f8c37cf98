import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { MetricData, MetricSource } from './types.js';

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/** GC runs and total pause time by kind (minor, major, incremental, weakcb) as cumulative counters. */
export function gcMetrics(): MetricSource {
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
  return {
    collect(out: MetricData[]) {
      if (totals.size === 0) return;
      const count: MetricData = { name: 'nodejs.gc.count', unit: '{gc}', description: 'Garbage collections', kind: 'counter', points: [] };
      const pause: MetricData = {
        name: 'nodejs.gc.pause',
        unit: 's',
        description: 'Time paused in garbage collection',
        kind: 'counter',
        points: [],
      };
      for (const [kind, t] of totals) {
        const attributes = { 'v8js.gc.type': kind };
        count.points.push({ value: t.count, attributes });
        pause.points.push({ value: t.pause, attributes });
      }
      out.push(count, pause);
    },
    stop: () => observer.disconnect(),
  };
}
