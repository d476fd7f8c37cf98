import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { gauge, type MetricSource } from './types.js';

export interface EventLoopOptions {
  /** the delay monitor's period (ms) while the loop works */
  fineMs: number;
  /** its period while the loop is nearly idle: each of its wake-ups costs an idle process CPU */
  coarseMs: number;
  /** below this utilization over an interval, the next interval is sampled at `coarseMs` */
  idleUtilization: number;
}

const DEFAULTS: EventLoopOptions = { fineMs: 10, coarseMs: 50, idleUtilization: 0.05 };

/**
 * Event loop delay (p50, p99, max over the last interval, seconds) from a histogram that is reset on every
 * collection, and event loop utilization (0..1) over the same interval. The delay monitor is a timer: at 10 ms it
 * woke an idle traced app 100 times a second for ~6 ms of CPU per second (bench/results/tracer.md, session 15), while
 * under load its wake-ups fall into turns the loop takes anyway. So it samples every 10 ms while the loop works and
 * every 50 ms after an interval in which the loop was busy less than 5 % of the time (a long block still shows in
 * the max: it delays whichever tick it overlaps); the first busy interval brings the 10 ms back.
 */
export function eventLoopMetrics(options: Partial<EventLoopOptions> = {}): MetricSource & { resolutionMs(): number } {
  const o = { ...DEFAULTS, ...options };
  let resolution = o.fineMs;
  let histogram = monitor(resolution);
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization();
  // values are nanoseconds from tick to tick; the monitor's own period is subtracted so an idle loop reads ~0
  const s = (ns: number) => Math.max(0, ns - resolution * 1e6) / 1e9;
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
      const { utilization } = performance.eventLoopUtilization(now, lastElu);
      out.push(gauge('nodejs.eventloop.utilization', '1', 'Event loop utilization', utilization));
      lastElu = now;
      const next = utilization < o.idleUtilization ? o.coarseMs : o.fineMs;
      if (next !== resolution) {
        histogram.disable();
        resolution = next;
        histogram = monitor(next);
      }
    },
    stop: () => histogram.disable(),
    resolutionMs: () => resolution,
  };
}

function monitor(resolution: number): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution });
  h.enable();
  return h;
}
