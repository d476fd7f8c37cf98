import type { KpiSeries, Resolution } from './types';

/**
 * A KPI series in columns, the shape uPlot draws (one array per series, times in ms), kept per query so a live
 * window can be extended with the newest seconds instead of being read whole every second.
 */
export interface KpiColumns {
  /** the x range shown, ms (whole steps) */
  from: number;
  to: number;
  stepSeconds: number;
  resolution: Resolution;
  /** step starts, ms */
  t: number[];
  calls: number[];
  /** null where a step had no calls */
  errors: Array<number | null>;
  p50: Array<number | null>;
  p90: Array<number | null>;
  p99: Array<number | null>;
  /** when the whole window was last read (ms, client clock) */
  fullAt: number;
}

/** A live refresh re-reads this many of the newest steps (calls are resolved a few seconds after their spans)... */
export const OVERLAP_STEPS = 30;
/** ...and the whole window every 5 minutes (spans arriving later than that reconcile older steps). */
export const FULL_EVERY_MS = 5 * 60_000;

export function toColumns(s: KpiSeries, fullAt: number): KpiColumns {
  const p = s.points;
  const n = p.length;
  const t = new Array<number>(n);
  const calls = new Array<number>(n);
  const errors = new Array<number | null>(n);
  const p50 = new Array<number | null>(n);
  const p90 = new Array<number | null>(n);
  const p99 = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const x = p[i];
    t[i] = x.t;
    calls[i] = x.callsPerSecond;
    errors[i] = x.calls > 0 ? x.errorRate : null;
    p50[i] = x.p50Ms;
    p90[i] = x.p90Ms;
    p99[i] = x.p99Ms;
  }
  return { from: s.from, to: s.to, stepSeconds: s.stepSeconds, resolution: s.resolution, t, calls, errors, p50, p90, p99, fullAt };
}

/**
 * What a live refresh reads: only the newest steps (from OVERLAP_STEPS before the last one known) when the cached
 * columns still cover the window, else the whole window. `null` = read the whole window.
 */
export function deltaFrom(prev: KpiColumns | undefined, window: { from: number; to: number }, now: number): number | null {
  if (!prev || prev.t.length === 0 || now - prev.fullAt >= FULL_EVERY_MS) return null;
  const stepMs = prev.stepSeconds * 1000;
  const last = prev.t[prev.t.length - 1];
  // a tab asleep for longer than the window, or a window that moved back: read it whole
  if (last < window.from || last > window.to + stepMs) return null;
  return Math.max(prev.t[0], last - OVERLAP_STEPS * stepMs);
}

/**
 * The cached columns with the steps of `delta` replacing the ones it covers, those before `windowFrom` dropped:
 * the same points a full read of the window returns (up to data older than the overlap that arrived meanwhile).
 */
export function mergeColumns(prev: KpiColumns, delta: KpiSeries, windowFrom: number): KpiColumns {
  const stepMs = prev.stepSeconds * 1000;
  const from = Math.floor(windowFrom / stepMs) * stepMs;
  let a = 0;
  while (a < prev.t.length && prev.t[a] < from) a++;
  let b = a;
  while (b < prev.t.length && prev.t[b] < delta.from) b++;
  const d = toColumns(delta, prev.fullAt);
  const join = <T>(x: T[], y: T[]) => x.slice(a, b).concat(y);
  return {
    from,
    to: Math.max(delta.to, from + stepMs),
    stepSeconds: prev.stepSeconds,
    resolution: prev.resolution,
    t: join(prev.t, d.t),
    calls: join(prev.calls, d.calls),
    errors: join(prev.errors, d.errors),
    p50: join(prev.p50, d.p50),
    p90: join(prev.p90, d.p90),
    p99: join(prev.p99, d.p99),
    fullAt: prev.fullAt,
  };
}
