/** The agent's own health as metrics of the `agent:<host-id>` entity. */
import type { Attributes, MetricPoint } from '@argus/sensor-kit';
import type { Sample } from './export/index.js';

export interface SelfStats {
  spool: { bytes: number; records: number; droppedRecords: number; droppedPoints: number; droppedBytes: number };
  sent: { sentPoints: number; sentRecords: number; rejectedRecords: number; failedAttempts: number };
  sensors: { loaded: number; failing: number };
}

export const AGENT_VERSION = '0.1.0';

export function createSelfMonitor(resource: Attributes, stats: () => SelfStats) {
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  return {
    sample(time: number): Sample {
      const cpu = process.cpuUsage();
      const at = performance.now();
      const usedUs = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      const pct = at > lastAt ? (usedUs / 1000 / (at - lastAt)) * 100 : 0;
      lastCpu = cpu;
      lastAt = at;
      const s = stats();
      const metrics: MetricPoint[] = [
        { name: 'agent.cpu.percent', value: Math.round(pct * 1000) / 1000, unit: '%' },
        { name: 'agent.memory.rss', value: process.memoryUsage.rss(), unit: 'By' },
        { name: 'agent.spool.bytes', value: s.spool.bytes, unit: 'By' },
        { name: 'agent.spool.records', value: s.spool.records },
        { name: 'agent.spool.dropped.records', value: s.spool.droppedRecords, kind: 'counter' },
        { name: 'agent.spool.dropped.points', value: s.spool.droppedPoints, kind: 'counter' },
        { name: 'agent.spool.dropped.bytes', value: s.spool.droppedBytes, kind: 'counter', unit: 'By' },
        { name: 'agent.sensors.loaded', value: s.sensors.loaded },
        { name: 'agent.sensors.failing', value: s.sensors.failing },
        { name: 'agent.export.points.sent', value: s.sent.sentPoints, kind: 'counter' },
        { name: 'agent.export.payloads.sent', value: s.sent.sentRecords, kind: 'counter' },
        { name: 'agent.export.payloads.rejected', value: s.sent.rejectedRecords, kind: 'counter' },
        { name: 'agent.export.failed_attempts', value: s.sent.failedAttempts, kind: 'counter' },
      ];
      return { time, resource, scope: { name: 'agent', version: AGENT_VERSION }, metrics };
    },
  };
}
