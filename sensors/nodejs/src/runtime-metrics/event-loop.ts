import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { gauge, type MetricSource } from './types.js';

/**
 * Event loop delay (p50, p99, max over the last interval, seconds) from a 10 ms resolution histogram that is
 * reset on every collection, and event loop utilization (0..1) over the same interval.
 */
export function eventLoopMetrics(): MetricSource {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  // values are nanoseconds; the monitor's own resolution (10 ms) is subtracted so an idle loop reads ~0
  const s = (ns: number) => Math.max(0, ns - 10e6) / 1e9;
  return {
    collect(out) {
      if (histogram.count > 0) {
        out.push(
          gauge('nodejs.eventloop.delay.p50', 's', 'Event loop delay, median', s(histogram.percentile(50))),
          gauge('nodejs.eventloop.delay.p99', 's', 'Event loop delay, 99th percentile', s(histogram.percentile(99))),
          gauge('nodejs.eventloop.delay.max', 's', 'Event loop delay, maximum', s(histogram.max)),
        );
      }
      histogram.reset();
      const now = performance.eventLoopUtilization();
      out.push(
        gauge('nodejs.eventloop.utilization', '1', 'Event loop utilization', performance.eventLoopUtilization(now, lastElu).utilization),
      );
      lastElu = now;
    },
    stop: () => histogram.disable(),
  };
}
