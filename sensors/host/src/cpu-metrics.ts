import type { MetricPoint } from '@argus/sensor-kit';
import { CPU_STATES, type CpuTimes, type ProcStat } from './parse-stat.js';

/** Keeps the previous aggregate sample so utilization can be computed between two collects. */
export function createCpuMetrics(opts: { clockTicks: number; perCpu: boolean }) {
  let prev: CpuTimes | undefined;

  return function cpuMetrics(stat: ProcStat, out: MetricPoint[]): void {
    for (const c of stat.cpus) {
      if (c.cpu !== 'total' && !opts.perCpu) continue;
      for (const state of CPU_STATES) {
        out.push({
          name: 'system.cpu.time',
          kind: 'counter',
          unit: 's',
          value: c.ticks[state] / opts.clockTicks,
          attributes: { cpu: c.cpu, state },
        });
      }
    }
    const total = stat.cpus.find((c) => c.cpu === 'total');
    if (total && prev) {
      const sum = (t: CpuTimes) => CPU_STATES.reduce((a, s) => a + t.ticks[s], 0);
      const dt = sum(total) - sum(prev);
      if (dt > 0) {
        for (const state of CPU_STATES) {
          const d = Math.max(0, total.ticks[state] - prev.ticks[state]);
          out.push({ name: 'system.cpu.utilization', unit: '1', value: d / dt, attributes: { state } });
        }
        const busy = dt - Math.max(0, total.ticks.idle - prev.ticks.idle) - Math.max(0, total.ticks.iowait - prev.ticks.iowait);
        out.push({ name: 'system.cpu.utilization', unit: '1', value: Math.max(0, busy / dt), attributes: { state: 'busy' } });
      }
    }
    if (total) prev = total;
    const logical = stat.cpus.filter((c) => c.cpu !== 'total').length;
    if (logical) out.push({ name: 'system.cpu.logical.count', unit: '{cpu}', value: logical });
    if (stat.contextSwitches !== undefined)
      out.push({ name: 'system.context_switches', kind: 'counter', unit: '{switch}', value: stat.contextSwitches });
    if (stat.processesCreated !== undefined)
      out.push({ name: 'system.processes.created', kind: 'counter', unit: '{process}', value: stat.processesCreated });
    if (stat.procsRunning !== undefined)
      out.push({ name: 'system.processes.count', unit: '{process}', value: stat.procsRunning, attributes: { status: 'running' } });
    if (stat.procsBlocked !== undefined)
      out.push({ name: 'system.processes.count', unit: '{process}', value: stat.procsBlocked, attributes: { status: 'blocked' } });
  };
}
