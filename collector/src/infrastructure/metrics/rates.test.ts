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
