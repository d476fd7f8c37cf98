import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectThreshold } from './detect-threshold.js';
import { EWMA_DEFAULTS, ewmaUpdate, learn, newEwma, suddenCheck } from './ewma.js';
import { outsideBand, seasonalBaseline, type Sample } from './seasonal.js';
import { mad, median, quantile } from './stats.js';
import { createTimeRule } from './time-rule.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const list = fc.array(finite, { minLength: 1, maxLength: 200 });

describe('robust statistics', () => {
  it('median lies within the data, ignores order, moves with shifts; MAD is shift-invariant and scales', () => {
    fc.assert(
      fc.property(list, fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: 0.1, max: 100, noNaN: true }), (xs, c, k) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse()) + 0).toBe(m + 0); // -0 and 0 sort as equals: either may be the median
        expect(median(xs.map((x) => x + c))).toBeCloseTo(m + c, 3);
        expect(mad(xs)).toBeGreaterThanOrEqual(0);
        expect(mad(xs.map((x) => x + c))).toBeCloseTo(mad(xs), 3);
        expect(mad(xs.map((x) => x * k))).toBeCloseTo(mad(xs) * k, 2);
      }),
    );
  });
  it('quantiles are monotone in q', () => {
    fc.assert(
      fc.property(list, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
        expect(quantile(xs, Math.min(a, b))).toBeLessThanOrEqual(quantile(xs, Math.max(a, b)));
      }),
    );
  });
});

describe('time rule', () => {
  it('is breached exactly when at least N of the last M outcomes were violations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.option(fc.boolean()), { maxLength: 120 }),
        (of, extra, seq) => {
          const n = Math.max(1, of - (extra % of));
          const rule = createTimeRule(n, of);
          seq.forEach((v, i) => {
            rule.push(v);
            const window = seq.slice(Math.max(0, i + 1 - of), i + 1);
            expect(rule.breached()).toBe(window.filter((x) => x === true).length >= n);
          });
        },
      ),
    );
  });
});

describe('sudden-change band (EWMA)', () => {
  it('never fires on a steady signal and says it is learning during warm-up', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 5000, noNaN: true }),
        fc.constantFrom('errorRate', 'latency', 'throughput', 'generic' as const),
        (v, kind) => {
          const s = newEwma();
          for (let i = 0; i < 200; i++) {
            const verdict = suddenCheck(s, v, kind);
            if (i < EWMA_DEFAULTS.warmup) expect(verdict.changed).toBeUndefined();
            else expect(verdict.changed).toBe(false);
            ewmaUpdate(s, v, EWMA_DEFAULTS.alpha);
          }
        },
      ),
    );
  });
  it('fires on latency doubled by at least the minimum delta, error rate +5 points, calls -30 % at >= 5/s', () => {
    fc.assert(
      fc.property(fc.double({ min: 5, max: 2000, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (base, err) => {
        const lat = newEwma();
        const er = newEwma();
        const calls = newEwma();
        for (let i = 0; i < 120; i++) {
          ewmaUpdate(lat, base * (1 + 0.02 * Math.sin(i)), EWMA_DEFAULTS.alpha);
          ewmaUpdate(er, err, EWMA_DEFAULTS.alpha);
          ewmaUpdate(calls, base, EWMA_DEFAULTS.alpha);
        }
        expect(suddenCheck(lat, Math.max(base * 2.2, base + 150), 'latency').changed).toBe(true);
        expect(suddenCheck(lat, base * 1.1, 'latency').changed).toBe(false);
        expect(suddenCheck(er, err + 0.06, 'errorRate').changed).toBe(true);
        expect(suddenCheck(er, err + 0.01, 'errorRate').changed).toBe(false);
        expect(suddenCheck(calls, base * 0.6, 'throughput').changed).toBe(true);
        expect(suddenCheck(calls, base * 0.9, 'throughput').changed).toBe(false);
      }),
    );
  });
});

describe('learning the band', () => {
  /** feeds one value the way the evaluator does: judged, then learnt unless it is a change */
  const feed = (s: ReturnType<typeof newEwma>, x: number) => {
    const v = suddenCheck(s, x, 'errorRate');
    learn(s, x, v);
    return v;
  };
  it('does not learn a fault that starts while it is still learning (it still fires on the next one)', () => {
    const s = newEwma();
    for (let i = 0; i < 15; i++) feed(s, 0.01);
    for (let i = 0; i < 30; i++) expect(feed(s, 1).changed).toBeUndefined(); // a fault during the warmup
    for (let i = 0; i < 60; i++) feed(s, 0.01);
    expect(s.mean).toBeLessThan(0.02);
    expect(feed(s, 0.5).changed).toBe(true);
  });
  it('accepts a level that stays changed for longer than the warmup as the new normal', () => {
    const s = newEwma();
    for (let i = 0; i < 15; i++) feed(s, 0.01);
    for (let i = 0; i < 3 * EWMA_DEFAULTS.warmup; i++) feed(s, 0.3);
    expect(s.mean).toBeGreaterThan(0.2);
    expect(feed(s, 0.31).changed).toBe(false);
  });
  it('never learns a change after the warmup', () => {
    const s = newEwma();
    for (let i = 0; i < 100; i++) feed(s, 0.01);
    const before = s.mean;
    for (let i = 0; i < 500; i++) expect(feed(s, 0.9).changed).toBe(true);
    expect(s.mean).toBe(before);
  });
});

describe('seasonal baseline (median + MAD)', () => {
  const MIN = 60_000;
  const DAY = 86_400_000;
  const series = (days: number, f: (t: number) => number, now: number, step = 5 * MIN): Sample[] => {
    const out: Sample[] = [];
    for (let t = now - days * DAY; t < now; t += step) out.push({ t, v: f(t) });
    return out;
  };
  it('learns a daily shape and flags values far off it, within the band otherwise', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 23 }), (amp, hour) => {
        const now = Date.UTC(2026, 11, 4) + hour * 3_600_000;
        const f = (t: number) => amp * (2 + Math.sin((2 * Math.PI * (t % DAY)) / DAY));
        const b = seasonalBaseline(series(5, f, now), now, 'auto');
        expect(b.kind).toBe('daily');
        expect(outsideBand(b, f(now), 3, 'above')).toBe(false);
        expect(outsideBand(b, f(now) + amp * 3, 3, 'above')).toBe(true);
        expect(outsideBand(b, f(now) - amp * 3, 3, 'below')).toBe(true);
      }),
    );
  });
  it('states insufficient history and what it falls back to', () => {
    const now = Date.UTC(2026, 11, 4, 12);
    const day = seasonalBaseline(
      series(1, () => 5, now, MIN),
      now,
      'auto',
    );
    expect(day.kind).toBe('recent');
    expect(day.note).toMatch(/daily seasonality needs 3 past days/);
    const none = seasonalBaseline([{ t: now - MIN, v: 1 }], now, 'weekly');
    expect(none.kind).toBe('none');
    expect(none.note).toMatch(/sudden-change band alone/);
    expect(
      seasonalBaseline(
        series(15, () => 5, now),
        now,
        'auto',
      ).kind,
    ).toBe('weekly');
  });
});

describe('detect threshold helper', () => {
  it('suggests values beyond what history shows as normal', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 30, maxLength: 500 }), (xs) => {
        const s = detectThreshold(xs, 'above')!;
        expect(s.critical).toBeGreaterThanOrEqual(s.warning);
        expect(s.warning).toBeGreaterThanOrEqual(quantile(xs, 0.99));
        expect(s.wouldHaveBreached.warning).toBeLessThanOrEqual(Math.ceil(xs.length * 0.01));
        const below = detectThreshold(xs, 'below')!;
        expect(below.critical).toBeLessThanOrEqual(below.warning);
      }),
    );
    expect(detectThreshold([1, 2, 3], 'above')).toBeUndefined();
  });
});
