import { median, robustSigma } from './stats.js';

export type BaselineKind = 'weekly' | 'daily' | 'recent' | 'none';

export interface Baseline {
  kind: BaselineKind;
  /** expected value at the target time (seasonal median) */
  center: number;
  /** robust spread (1.4826 x MAD), floored so a flat history does not alarm on noise */
  spread: number;
  samples: number;
  /** when not the requested seasonality: why, and what it fell back to */
  note: string;
}

export interface Sample {
  t: number;
  v: number;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** periods with data needed: weekly seasonality needs 2 past weeks, daily 3 past days, recent 60 one-minute samples */
export const HISTORY_NEEDED = { weekly: 2, daily: 3, recentSamples: 60 };

/** Values within +-halfWindow of target - k * period, for k = 1..periods; and how many periods had any. */
function slot(samples: readonly Sample[], target: number, period: number, periods: number, halfWindow: number) {
  const values: number[] = [];
  let covered = 0;
  for (let k = 1; k <= periods; k++) {
    const c = target - k * period;
    let any = false;
    for (const s of samples) {
      if (s.t >= c - halfWindow && s.t <= c + halfWindow && Number.isFinite(s.v)) {
        values.push(s.v);
        any = true;
      }
    }
    if (any) covered++;
  }
  return { values, covered };
}

function make(kind: BaselineKind, values: number[], note: string, floor: number): Baseline {
  const center = median(values);
  return { kind, center, spread: Math.max(robustSigma(values), floor, Math.abs(center) * 0.05), samples: values.length, note };
}

/**
 * The seasonal baseline at `target` from one-minute samples: the median and MAD of the values at the same time of
 * week (over up to 4 weeks) or of day (up to 14 days), +-30 minutes; with too little history, the last 3 hours
 * without seasonality; with less than an hour, none (the EWMA band alone judges then).
 */
export function seasonalBaseline(
  samples: readonly Sample[],
  target: number,
  seasonality: 'auto' | 'weekly' | 'daily' | 'none',
  floor = 1e-9,
  halfWindow = 30 * 60_000,
): Baseline {
  const notes: string[] = [];
  if (seasonality === 'auto' || seasonality === 'weekly') {
    const w = slot(samples, target, WEEK, 4, halfWindow);
    if (w.covered >= HISTORY_NEEDED.weekly) return make('weekly', w.values, '', floor);
    notes.push(`weekly seasonality needs ${HISTORY_NEEDED.weekly} past weeks, ${w.covered} available`);
  }
  if (seasonality === 'auto' || seasonality === 'weekly' || seasonality === 'daily') {
    const d = slot(samples, target, DAY, 14, halfWindow);
    if (d.covered >= HISTORY_NEEDED.daily) return make('daily', d.values, notes.join('; '), floor);
    notes.push(`daily seasonality needs ${HISTORY_NEEDED.daily} past days, ${d.covered} available`);
  }
  const recent = samples.filter((s) => s.t < target && s.t >= target - 3 * 3_600_000 && Number.isFinite(s.v)).map((s) => s.v);
  if (recent.length >= HISTORY_NEEDED.recentSamples) {
    return make('recent', recent, [...notes, 'using the median of the last 3 hours'].join('; '), floor);
  }
  notes.push(
    `only ${recent.length} minutes of recent history (needs ${HISTORY_NEEDED.recentSamples}): the sudden-change band alone decides`,
  );
  return { kind: 'none', center: NaN, spread: NaN, samples: 0, note: notes.join('; ') };
}

/** Is `x` outside the band center +- deviation x spread on the alerting side? */
export function outsideBand(b: Baseline, x: number, deviation: number, condition: 'above' | 'below'): boolean | undefined {
  if (b.kind === 'none') return undefined;
  return condition === 'above' ? x > b.center + deviation * b.spread : x < b.center - deviation * b.spread;
}
