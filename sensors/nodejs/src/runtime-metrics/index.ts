import type { TracerStats } from '../stats.js';
import { eventLoopMetrics } from './event-loop.js';
import { gcMetrics } from './gc.js';
import { memoryMetrics } from './memory.js';
import { processMetrics } from './process.js';
import { tracerStatsMetrics } from './tracer-stats.js';
import type { MetricData, MetricSource } from './types.js';

export type { MetricData } from './types.js';

/** Every runtime metric: `collect()` returns this interval's values, `stop()` releases the monitors. */
export function createRuntimeMetrics(stats: TracerStats): { collect: () => MetricData[]; stop: () => void } {
  const sources: MetricSource[] = [eventLoopMetrics(), memoryMetrics(), gcMetrics(), processMetrics(), tracerStatsMetrics(stats)];
  return {
    collect() {
      const out: MetricData[] = [];
      for (const s of sources) s.collect(out);
      return out;
    },
    stop: () => sources.forEach((s) => s.stop?.()),
  };
}
