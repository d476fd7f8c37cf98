/** Which table and bucket width serve a time range, so a chart gets about 300–1000 points per series. */
export interface Source {
  name: 'raw' | '10s' | '1m' | '1h';
  table: string;
  /** bucket width of the table, seconds */
  resolution: number;
  /** how far back the table keeps data, ms */
  retentionMs: number;
}

const DAY = 86_400_000;

export function sources(rawRetentionHours: number): Source[] {
  return [
    { name: 'raw', table: 'metric_points', resolution: 1, retentionMs: rawRetentionHours * 3_600_000 },
    { name: '10s', table: 'metric_rollup_10s', resolution: 10, retentionMs: 7 * DAY },
    { name: '1m', table: 'metric_rollup_1m', resolution: 60, retentionMs: 30 * DAY },
    { name: '1h', table: 'metric_rollup_1h', resolution: 3600, retentionMs: 400 * DAY },
  ];
}

/** "Nice" bucket widths (s); consecutive ones differ by at most 2.5x, so a range gets >= 40% of maxPoints. */
export const STEPS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface Resolution {
  source: Source;
  /** bucket width of the answer, seconds (a multiple of the source resolution) */
  step: number;
}

/**
 * The smallest nice step giving at most `maxPoints` buckets over [from, to], read from the coarsest table whose
 * resolution divides the step and that still holds data at `from`: the fewest rows for exact answers (min, max,
 * sum, count and last values compose). A 10-minute window three days ago reads 10 s rollups.
 */
export function pickResolution(from: number, to: number, now: number, maxPoints: number, all: Source[]): Resolution {
  const rangeS = Math.max(1, (to - from) / 1000);
  let step = STEPS.find((s) => rangeS / s <= maxPoints) ?? Math.ceil(rangeS / maxPoints / 86400) * 86400;
  const keeps = (s: Source) => from >= now - s.retentionMs;
  const source =
    all.filter((s) => keeps(s) && s.resolution <= step && step % s.resolution === 0).pop() ??
    all.find((s) => keeps(s)) ??
    all[all.length - 1];
  if (step < source.resolution || step % source.resolution !== 0) step = Math.ceil(step / source.resolution) * source.resolution;
  return { source, step };
}
