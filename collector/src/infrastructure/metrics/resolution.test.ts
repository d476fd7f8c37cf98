import { describe, expect, it } from 'vitest';
import { counterRates, gaugePoints, seriesMode, type Bucket } from './rates.js';
import { pickResolution, sources } from './resolution.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const H = 3_600_000;
const all = sources(48);
const pick = (rangeMs: number, ageMs = 0) => {
  const r = pickResolution(NOW - ageMs - rangeMs, NOW - ageMs, NOW, 1000, all);
  return { source: r.source.name, step: r.step, points: Math.ceil(rangeMs / 1000 / r.step) };
};

describe('pickResolution', () => {
  it('keeps every chart between about 300 and 1000 points per series', () => {
    expect(pick(10 * 60_000)).toEqual({ source: 'raw', step: 1, points: 600 });
    expect(pick(H)).toEqual({ source: 'raw', step: 5, points: 720 });
    expect(pick(24 * H)).toEqual({ source: '1m', step: 120, points: 720 });
    expect(pick(7 * 24 * H)).toEqual({ source: '1m', step: 900, points: 672 });
    expect(pick(30 * 24 * H - 60_000)).toEqual({ source: '1h', step: 3600, points: 720 });
    expect(pick(365 * 24 * H)).toEqual({ source: '1h', step: 43200, points: 730 });
    for (const range of [5 * 60_000, 3 * H, 12 * H, 2 * 24 * H, 14 * 24 * H, 90 * 24 * H]) {
      const p = pick(range);
      expect(p.points, `range ${range / H} h`).toBeGreaterThanOrEqual(300);
      expect(p.points, `range ${range / H} h`).toBeLessThanOrEqual(1000);
    }
  });

  it('never reads 1-second rows for a 7-day chart, and skips tables that no longer hold the range', () => {
    expect(pick(7 * 24 * H).source).not.toBe('raw');
    expect(pick(10 * 60_000, 3 * 24 * H)).toMatchObject({ source: '10s', step: 10 });
    expect(pick(H, 10 * 24 * H)).toMatchObject({ source: '1m', step: 60 });
    expect(pick(H, 60 * 24 * H)).toMatchObject({ source: '1h', step: 3600 });
  });
});

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
