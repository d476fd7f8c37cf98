import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeMetrics, postMetrics } from '../../../testing/otlp-metrics.js';
import { metricSnapshot, metricTrend } from './metric-snapshot.js';

// The evaluator's own metric reads against real chDB (they once failed with ILLEGAL_AGGREGATION: an outer alias
// named like the inner column it aggregates).
let c: TestCollector;
const now = Date.now();

beforeAll(async () => {
  c = await startTestCollector({ batchFlushMs: 20 });
  const points = (f: (i: number) => number) => Array.from({ length: 20 }, (_, i) => ({ t: now - 19_000 + i * 1000, v: f(i) }));
  for (const [host, base] of [
    ['h1', 0.5],
    ['h2', 0.9],
  ] as const)
    await postMetrics(
      c.ingestUrl,
      c.ingestKey,
      encodeMetrics({ 'argus.entity.id': `host:${host}` }, [
        { name: 'system.cpu.utilization', kind: 'gauge', attributes: { state: 'busy' }, points: points((i) => base + i / 1000) },
        { name: 'system.cpu.utilization', kind: 'gauge', attributes: { state: 'idle' }, points: points((i) => 1 - base - i / 1000) },
      ]),
    );
});
afterAll(() => c?.destroy());

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await fn();
    if (ok(v) || i > 100) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('answers one value per entity for avg, max, min and last', async () => {
  const read = (aggregation: 'avg' | 'max' | 'min' | 'last', attributes?: Record<string, string>) =>
    metricSnapshot(c.deps.storage, 'default', 'system.cpu.utilization', 30_000, { aggregation, attributes, now: now + 1000 });
  const busy = await eventually(
    () => read('avg', { state: 'busy' }),
    (v) => v.length === 2,
  );
  const by = (list: Awaited<ReturnType<typeof read>>) => Object.fromEntries(list.map((v) => [v.entityId, v]));
  expect(by(busy)['host:h1'].value).toBeCloseTo(0.5095, 3);
  expect(by(busy)['host:h2'].attributes).toEqual({ state: 'busy' });
  const max = by(await read('max'));
  // max over both series of h1: the idle series (0.5 - i/1000) starts at 0.5, busy ends at 0.519
  expect(max['host:h1'].value).toBeCloseTo(0.519, 3);
  expect(max['host:h1'].attributes).toEqual({ state: 'busy' });
  const min = by(await read('min'));
  expect(min['host:h2'].value).toBeCloseTo(0.081, 3);
  expect(min['host:h2'].attributes).toEqual({ state: 'idle' });
  const last = by(await read('last', { state: 'busy' }));
  expect(last['host:h2'].value).toBeCloseTo(0.919, 3);
  const one = await metricSnapshot(c.deps.storage, 'default', 'system.cpu.utilization', 30_000, {
    entityIds: ['host:h2'],
    attributes: { state: 'busy' },
    now: now + 1000,
  });
  expect(one.map((v) => v.entityId)).toEqual(['host:h2']);
});

it('fits a linear trend per series from the 1-minute rollups', async () => {
  // one point a minute for 15 minutes, +1 point of utilization per minute on /data, flat on /
  const minute = 60_000;
  const start = Math.floor(now / minute) * minute - 15 * minute;
  const pts = (f: (i: number) => number) => Array.from({ length: 15 }, (_, i) => ({ t: start + i * minute + 1000, v: f(i) }));
  await postMetrics(
    c.ingestUrl,
    c.ingestKey,
    encodeMetrics({ 'argus.entity.id': 'host:h3' }, [
      { name: 'system.filesystem.utilization', kind: 'gauge', attributes: { mountpoint: '/data' }, points: pts((i) => 0.5 + i / 100) },
      { name: 'system.filesystem.utilization', kind: 'gauge', attributes: { mountpoint: '/' }, points: pts(() => 0.3) },
    ]),
  );
  const trends = await eventually(
    () => metricTrend(c.deps.storage, 'default', 'system.filesystem.utilization', 3_600_000, now + 1000),
    (v) => v.length === 2,
  );
  const data = trends.find((t) => t.attributes.mountpoint === '/data');
  expect(data?.entityId).toBe('host:h3');
  expect(data?.slopePerHour).toBeCloseTo(0.6, 3);
  expect(data?.last).toBeCloseTo(0.64, 3);
  expect(trends.find((t) => t.attributes.mountpoint === '/')?.slopePerHour).toBeCloseTo(0, 6);
});
