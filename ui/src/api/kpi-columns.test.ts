import { describe, expect, it } from 'vitest';
import { deltaFrom, FULL_EVERY_MS, mergeColumns, OVERLAP_STEPS, toColumns } from './kpi-columns';
import type { KpiSeries } from './types';

const T = 1_700_000_000_000;
const kpis = (calls: number) => ({
  calls,
  callsPerSecond: calls,
  errors: calls > 2 ? 1 : 0,
  errorRate: calls > 2 ? 1 / calls : 0,
  clientErrors: 0,
  meanMs: calls ? 10 : null,
  p50Ms: calls ? 10 : null,
  p90Ms: calls ? 20 : null,
  p99Ms: calls ? 30 : null,
});

/** a 1 s series over [from, to) whose calls at step t are f(t) */
function series(from: number, to: number, f: (t: number) => number): KpiSeries {
  const points = [];
  for (let t = from; t < to; t += 1000) points.push({ t, ...kpis(f(t)) });
  return { scope: 'service', from, to, resolution: '1s', stepSeconds: 1, total: kpis(0), points };
}

const calls = (t: number) => ((t - T) / 1000) % 7;

describe('live KPI columns', () => {
  it('columns: errors null where a step had no calls, latencies as given', () => {
    const c = toColumns(series(T, T + 4000, calls), T);
    expect(c.t).toEqual([T, T + 1000, T + 2000, T + 3000]);
    expect(c.calls).toEqual([0, 1, 2, 3]);
    expect(c.errors).toEqual([null, 0, 0, 1 / 3]);
    expect(c.p99).toEqual([null, 30, 30, 30]);
  });

  it('a refresh reads from OVERLAP_STEPS before the newest step; the whole window without data, when stale, or after a gap', () => {
    const prev = toColumns(series(T, T + 3600_000, calls), T);
    const last = T + 3599_000;
    const w = { from: T + 5000, to: T + 3605_000 };
    expect(deltaFrom(prev, w, T + 5000)).toBe(last - OVERLAP_STEPS * 1000);
    expect(deltaFrom(undefined, w, T + 5000)).toBeNull();
    expect(deltaFrom(prev, w, T + FULL_EVERY_MS)).toBeNull();
    expect(deltaFrom(prev, { from: T + 7200_000, to: T + 10800_000 }, T + 60_000)).toBeNull();
  });

  it('merging a delta gives the same columns as reading the moved window whole', () => {
    // the window moved by 5 s; the newest 30 s changed meanwhile (late calls), the rest did not
    const late = (t: number) => (t >= T + 3570_000 ? calls(t) + 1 : calls(t));
    const prev = toColumns(series(T, T + 3600_000, calls), T);
    const from = deltaFrom(prev, { from: T + 5000, to: T + 3605_000 }, T + 5000)!;
    const delta = series(from, T + 3605_000, late);
    const merged = mergeColumns(prev, delta, T + 5000);
    const whole = toColumns(series(T + 5000, T + 3605_000, late), T);
    expect(merged.t).toEqual(whole.t);
    expect(merged.calls).toEqual(whole.calls);
    expect(merged.errors).toEqual(whole.errors);
    expect(merged.p50).toEqual(whole.p50);
    expect(merged.t.length).toBe(3600);
    expect([merged.from, merged.to]).toEqual([T + 5000, T + 3605_000]);
    // the cached columns are not changed in place (React sees new arrays)
    expect(prev.t[0]).toBe(T);
    expect(merged.fullAt).toBe(prev.fullAt);
  });
});
