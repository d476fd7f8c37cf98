import type { Meter } from '@opentelemetry/api';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Event loop delay (p50, p99, max over the last interval, seconds) from a 10 ms resolution histogram that is
 * reset on every collection, and event loop utilization (0..1) over the same interval.
 */
export function registerEventLoop(meter: Meter): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  const p50 = meter.createObservableGauge('nodejs.eventloop.delay.p50', { unit: 's', description: 'Event loop delay, median' });
  const p99 = meter.createObservableGauge('nodejs.eventloop.delay.p99', { unit: 's', description: 'Event loop delay, 99th percentile' });
  const max = meter.createObservableGauge('nodejs.eventloop.delay.max', { unit: 's', description: 'Event loop delay, maximum' });
  const elu = meter.createObservableGauge('nodejs.eventloop.utilization', { unit: '1', description: 'Event loop utilization' });
  const callback = (result: import('@opentelemetry/api').BatchObservableResult) => {
    if (histogram.count > 0) {
      // values are nanoseconds; the monitor's own resolution (10 ms) is subtracted so an idle loop reads ~0
      const s = (ns: number) => Math.max(0, ns - 10e6) / 1e9;
      result.observe(p50, s(histogram.percentile(50)));
      result.observe(p99, s(histogram.percentile(99)));
      result.observe(max, s(histogram.max));
    }
    histogram.reset();
    const now = performance.eventLoopUtilization();
    result.observe(elu, performance.eventLoopUtilization(now, lastElu).utilization);
    lastElu = now;
  };
  meter.addBatchObservableCallback(callback, [p50, p99, max, elu]);
  return () => {
    meter.removeBatchObservableCallback(callback, [p50, p99, max, elu]);
    histogram.disable();
  };
}
