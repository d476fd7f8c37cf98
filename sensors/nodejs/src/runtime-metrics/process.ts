import { gauge, type MetricSource } from './types.js';

type Internals = { _getActiveHandles?: () => unknown[]; _getActiveRequests?: () => unknown[] };

/** CPU time (user/system counters) and utilization, active handles and requests. */
export function processMetrics(): MetricSource {
  let last = { cpu: process.cpuUsage(), at: process.hrtime.bigint() };
  const internals = process as unknown as Internals;
  return {
    collect(out) {
      const cpu = process.cpuUsage();
      const at = process.hrtime.bigint();
      out.push({
        name: 'process.cpu.time',
        unit: 's',
        description: 'CPU time by mode',
        kind: 'counter',
        points: [
          { value: cpu.user / 1e6, attributes: { 'cpu.mode': 'user' } },
          { value: cpu.system / 1e6, attributes: { 'cpu.mode': 'system' } },
        ],
      });
      const elapsedUs = Number(at - last.at) / 1000;
      if (elapsedUs > 0) {
        const used = cpu.user - last.cpu.user + (cpu.system - last.cpu.system);
        out.push(gauge('process.cpu.utilization', '1', 'CPU used over the interval, 1 = one core', used / elapsedUs));
      }
      last = { cpu, at };
      if (typeof internals._getActiveHandles === 'function')
        out.push(gauge('nodejs.active_handles', '{handle}', 'Active libuv handles', internals._getActiveHandles().length));
      if (typeof internals._getActiveRequests === 'function')
        out.push(gauge('nodejs.active_requests', '{request}', 'Active libuv requests', internals._getActiveRequests().length));
    },
  };
}
