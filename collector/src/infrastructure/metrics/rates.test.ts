import { describe, expect, it } from 'vitest';
import { counterRates, gaugePoints, seriesMode, type Bucket } from './rates.js';

const b = (t: number, last: number, lastStart = 1000, extra: Partial<Bucket> = {}): Bucket => ({
  t: t * 1000,
  min: last,
  max: last,
  sum: last,
  count: 1,
  last,
  lastTime: t * 1000,
  lastStart,
  ...extra,
});

describe('rates', () => {
  it('turns a cumulative counter into a per-second rate, safe across resets', () => {
    // 5/s, restart at t=40 (value restarts from 0 at start time 35 s)
    const pts = counterRates([b(10, 50), b(20, 100), b(30, 150), b(40, 25, 35_000), b(50, 75, 35_000)]);
    expect(pts.map((p) => [p.t / 1000, p.v])).toEqual([
      [20, 5],
      [30, 5],
      [40, 5],
      [50, 5],
    ]);
  });
  it('detects a reset by the value going down when the start time is unknown', () => {
    expect(counterRates([b(10, 100, 0), b(20, 30, 0)]).map((p) => p.v)).toEqual([3]);
  });
  it('does not mistake a new start time with a growing value (agent restart) for a reset', () => {
    expect(counterRates([b(10, 1_000_000, 1000), b(20, 1_000_050, 15_000)]).map((p) => p.v)).toEqual([5]);
  });
  it('counts the first bucket from its earliest point: a series that begins in the range keeps its first increase', () => {
    // a tracer's counter: 0 at start (t=10), 30 dropped by its next report in the same bucket, 5 more in the next one
    const first = b(10, 30, 9000, { first: 0, firstTime: 9000, count: 2, lastTime: 10_000 });
    const pts = counterRates([first, b(20, 35, 9000)]);
    expect(pts.map((p) => [p.t / 1000, p.v, p.d])).toEqual([
      [10, 30, 30],
      [20, 0.5, 5],
    ]);
    // one point in the bucket, or no earliest value: the bucket is only a base, as before
    expect(counterRates([b(10, 30, 9000, { first: 30, firstTime: 10_000 }), b(20, 35, 9000)]).map((p) => p.d)).toEqual([5]);
    expect(counterRates([b(10, 30, 9000, { count: 2 }), b(20, 35, 9000)]).map((p) => p.d)).toEqual([5]);
    // a reset inside the first bucket (the value went down): no point from it rather than a negative one
    expect(counterRates([b(10, 3, 9000, { first: 50, firstTime: 9000, count: 2 })])).toEqual([]);
  });
  it('averages gauges with min and max', () => {
    expect(gaugePoints([b(10, 0, 0, { min: 1, max: 9, sum: 20, count: 4 })])).toEqual([{ t: 10_000, v: 5, min: 1, max: 9, count: 4 }]);
  });
  it('classifies series', () => {
    expect(seriesMode('sum', 'cumulative', true)).toBe('rate');
    expect(seriesMode('sum', 'delta', true)).toBe('delta');
    expect(seriesMode('sum', 'cumulative', false)).toBe('gauge');
    expect(seriesMode('gauge', 'unspecified', false)).toBe('gauge');
  });
});
