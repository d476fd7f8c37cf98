import { getHeapSpaceStatistics } from 'node:v8';
import { gauge, type MetricData, type MetricSource } from './types.js';

/** Heap used/total, per heap space used/size, RSS and external memory, all in bytes. */
export function memoryMetrics(): MetricSource {
  return {
    collect(out) {
      const mem = process.memoryUsage();
      out.push(
        gauge('nodejs.heap.used', 'By', 'V8 heap in use', mem.heapUsed),
        gauge('nodejs.heap.total', 'By', 'V8 heap allocated', mem.heapTotal),
        gauge('process.memory.usage', 'By', 'Resident set size', mem.rss),
        gauge('nodejs.memory.external', 'By', 'Memory of C++ objects bound to JS', mem.external),
      );
      const used: MetricData = { name: 'v8js.memory.heap.used', unit: 'By', description: 'Heap space in use', kind: 'gauge', points: [] };
      const size: MetricData = { name: 'v8js.memory.heap.limit', unit: 'By', description: 'Heap space size', kind: 'gauge', points: [] };
      for (const space of getHeapSpaceStatistics()) {
        const attributes = { 'v8js.heap.space.name': space.space_name };
        used.points.push({ value: space.space_used_size, attributes });
        size.points.push({ value: space.space_size, attributes });
      }
      out.push(used, size);
    },
  };
}
