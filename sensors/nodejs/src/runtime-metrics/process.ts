import type { Meter, BatchObservableResult } from '@opentelemetry/api';

type Internals = { _getActiveHandles?: () => unknown[]; _getActiveRequests?: () => unknown[] };

/** CPU time (user/system counters) and utilization, active handles and requests. */
export function registerProcess(meter: Meter): () => void {
  const cpuTime = meter.createObservableCounter('process.cpu.time', { unit: 's', description: 'CPU time by mode' });
  const cpuUtil = meter.createObservableGauge('process.cpu.utilization', {
    unit: '1',
    description: 'CPU used over the interval, 1 = one core',
  });
  const handles = meter.createObservableGauge('nodejs.active_handles', { unit: '{handle}', description: 'Active libuv handles' });
  const requests = meter.createObservableGauge('nodejs.active_requests', { unit: '{request}', description: 'Active libuv requests' });
  const all = [cpuTime, cpuUtil, handles, requests];
  let last = { cpu: process.cpuUsage(), at: process.hrtime.bigint() };
  const internals = process as unknown as Internals;
  const callback = (result: BatchObservableResult) => {
    const cpu = process.cpuUsage();
    const at = process.hrtime.bigint();
    result.observe(cpuTime, cpu.user / 1e6, { 'cpu.mode': 'user' });
    result.observe(cpuTime, cpu.system / 1e6, { 'cpu.mode': 'system' });
    const elapsedUs = Number(at - last.at) / 1000;
    if (elapsedUs > 0) {
      const used = cpu.user - last.cpu.user + (cpu.system - last.cpu.system);
      result.observe(cpuUtil, used / elapsedUs);
    }
    last = { cpu, at };
    if (typeof internals._getActiveHandles === 'function') result.observe(handles, internals._getActiveHandles().length);
    if (typeof internals._getActiveRequests === 'function') result.observe(requests, internals._getActiveRequests().length);
  };
  meter.addBatchObservableCallback(callback, all);
  return () => meter.removeBatchObservableCallback(callback, all);
}
