import { afterEach, describe, expect, it } from 'vitest';
import type { MetricData, MetricSource } from './types.js';
import { eventLoopMetrics } from './event-loop.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const value = (out: MetricData[], name: string) => out.find((m) => m.name === name)?.points[0].value;
const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** an interval with a 200 ms block between two sleeps of `gapMs`, collected */
async function blocked(m: MetricSource, gapMs: number): Promise<MetricData[]> {
  await sleep(gapMs);
  block(200);
  await sleep(gapMs);
  const out: MetricData[] = [];
  m.collect(out);
  return out;
}

describe('event loop metrics', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('samples coarsely after an idle interval and finely again once the loop works; a block shows in the max either way', async () => {
    // a generous idle bound: the test's own sleeps are idle, its 200 ms block in 300 ms is not
    const m = eventLoopMetrics({ fineMs: 10, coarseMs: 50, idleUtilization: 0.3 });
    stop = () => m.stop?.();
    expect(m.resolutionMs()).toBe(10);

    await sleep(300);
    const idle: MetricData[] = [];
    m.collect(idle);
    expect(value(idle, 'nodejs.eventloop.utilization')).toBeLessThan(0.3);
    expect(m.resolutionMs()).toBe(50);

    // sampled every 50 ms now: the 200 ms block delays the tick it overlaps
    const busy = await blocked(m, 60);
    expect(value(busy, 'nodejs.eventloop.utilization')).toBeGreaterThan(0.3);
    expect(value(busy, 'nodejs.eventloop.delay.max')).toBeGreaterThan(0.1);
    expect(m.resolutionMs()).toBe(10);

    const fine = await blocked(m, 30);
    expect(value(fine, 'nodejs.eventloop.delay.max')).toBeGreaterThan(0.1);
    expect(value(fine, 'nodejs.eventloop.delay.p50')).toBeLessThan(value(fine, 'nodejs.eventloop.delay.max')!);
  });
});
