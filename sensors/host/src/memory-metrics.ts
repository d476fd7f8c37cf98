import type { MetricPoint } from '@argus/sensor-kit';
import type { MemoryFacts } from './parse-meminfo.js';

export function memoryMetrics(m: MemoryFacts, out: MetricPoint[]): void {
  const usage = (state: string, value: number) => out.push({ name: 'system.memory.usage', unit: 'By', value, attributes: { state } });
  usage('used', m.used);
  usage('free', m.free);
  usage('cached', m.cached);
  usage('buffers', m.buffers);
  out.push({ name: 'system.memory.limit', unit: 'By', value: m.total });
  out.push({ name: 'system.linux.memory.available', unit: 'By', value: m.available });
  if (m.total > 0) out.push({ name: 'system.memory.utilization', unit: '1', value: m.used / m.total, attributes: { state: 'used' } });
  out.push({ name: 'system.paging.usage', unit: 'By', value: m.swapTotal - m.swapFree, attributes: { state: 'used' } });
  out.push({ name: 'system.paging.usage', unit: 'By', value: m.swapFree, attributes: { state: 'free' } });
}
