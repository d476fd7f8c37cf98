/** One bucket of one series as read from metric_points or a rollup (times in ms). */
export interface Bucket {
  t: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  lastTime: number;
  lastStart: number;
  /** the bucket's earliest value and its time (rollups: the smallest value, and the series' start or the bucket's) */
  first?: number;
  firstTime?: number;
}

export interface Point {
  t: number;
  v: number;
  min?: number;
  max?: number;
  count: number;
  /** rate series: the counter's increase over the point's interval (what a total over the range adds up) */
  d?: number;
}

export type SeriesMode = 'gauge' | 'rate' | 'delta';

/** Gauges (and non-monotonic sums): average per bucket with min/max. */
export function gaugePoints(buckets: readonly Bucket[]): Point[] {
  return buckets.map((b) => ({ t: b.t, v: b.count ? b.sum / b.count : 0, min: b.min, max: b.max, count: b.count }));
}

/**
 * Cumulative monotonic counters -> per-second rate between the last values of consecutive buckets. A reset is a
 * value that went down: the new value counts as the increase since the restart, over the time since the
 * series' start time (when it is after the previous point) or the previous point. A start time that moves
 * forward while the value keeps growing is NOT a reset: agents re-announce start times when they restart,
 * while the host's counters (CPU, disk, network) keep counting. The first bucket is the base of the second; its
 * own increase (from its earliest point to its last, when it holds both) is a point too: a series that begins in
 * the range (a process that started, a tracer's first reports) does not lose what it counted in its first bucket.
 */
export function counterRates(buckets: readonly Bucket[]): Point[] {
  const out: Point[] = [];
  const head = buckets[0];
  if (head?.first !== undefined && head.firstTime !== undefined && head.count >= 2 && head.last >= head.first) {
    const dt = (head.lastTime - head.firstTime) / 1000;
    if (dt > 0) out.push({ t: head.t, v: (head.last - head.first) / dt, count: head.count, d: head.last - head.first });
  }
  for (let i = 1; i < buckets.length; i++) {
    const prev = buckets[i - 1];
    const cur = buckets[i];
    const reset = cur.last < prev.last;
    const since = reset && cur.lastStart > 0 ? Math.max(cur.lastStart, prev.lastTime) : prev.lastTime;
    const dt = (cur.lastTime - since) / 1000;
    if (dt <= 0) continue;
    const increase = reset ? cur.last : cur.last - prev.last;
    out.push({ t: cur.t, v: increase / dt, count: cur.count, d: increase });
  }
  return out;
}

/** Delta monotonic sums: the bucket's total divided by its width. */
export function deltaRates(buckets: readonly Bucket[], stepS: number): Point[] {
  return buckets.map((b) => ({ t: b.t, v: b.sum / stepS, count: b.count }));
}

export function seriesMode(kind: string, temporality: string, isMonotonic: boolean): SeriesMode {
  if (kind !== 'sum' || !isMonotonic) return 'gauge';
  return temporality === 'delta' ? 'delta' : 'rate';
}
