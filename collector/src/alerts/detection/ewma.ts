/**
 * The short-term "sudden change" band: an exponentially weighted mean and variance of a signal, O(1) state.
 * The rules follow Instana's built-in service events: error rate up by 5 points, latency doubled (and up by at
 * least `minLatencyDeltaMs`), calls down by 30 % at >= 5 calls/s; other signals leave the band of `deviation`
 * EWMA standard deviations. While a change is seen the baseline is not updated, so a lasting fault is not learnt
 * as normal within minutes.
 */
export type SuddenKind = 'errorRate' | 'latency' | 'throughput' | 'generic';

export interface EwmaOptions {
  /** weight of a new sample: 2 / (N + 1) for an N-sample memory (default N = 300: five minutes of seconds) */
  alpha: number;
  /** samples needed before the band judges anything */
  warmup: number;
  deviation: number;
  minLatencyDeltaMs: number;
}

export const EWMA_DEFAULTS: EwmaOptions = { alpha: 2 / 301, warmup: 60, deviation: 4, minLatencyDeltaMs: 100 };

export interface EwmaState {
  mean: number;
  variance: number;
  n: number;
  /** consecutive values held back while learning because they already looked like a change (see learn) */
  suspects: number;
}

export const newEwma = (): EwmaState => ({ mean: 0, variance: 0, n: 0, suspects: 0 });

/** samples the band needs before a value can be held back while it is still learning */
const MIN_BASE = 10;

export function ewmaUpdate(s: EwmaState, x: number, alpha: number): void {
  if (!Number.isFinite(x)) return;
  if (s.n === 0) {
    s.mean = x;
    s.variance = 0;
  } else {
    // a faster start: plain averaging until 1/n drops below alpha
    const a = Math.max(alpha, 1 / (s.n + 1));
    const d = x - s.mean;
    s.mean += a * d;
    s.variance = (1 - a) * (s.variance + a * d * d);
  }
  s.n++;
}

export interface SuddenVerdict {
  /** undefined while learning (fewer than warmup samples) */
  changed: boolean | undefined;
  expected: number;
  /** the value beyond which the sample counts as a change */
  limit: number;
  /** while learning (changed undefined): the value would count as a change against the band learnt so far (>= 10 samples) */
  suspect: boolean;
}

export function suddenCheck(s: EwmaState, x: number, kind: SuddenKind, o: EwmaOptions = EWMA_DEFAULTS): SuddenVerdict {
  const sd = Math.sqrt(s.variance);
  let limit: number;
  let changed: boolean;
  switch (kind) {
    case 'errorRate':
      limit = s.mean + Math.max(0.05, o.deviation * sd);
      changed = x >= limit;
      break;
    case 'latency':
      limit = Math.max(2 * s.mean, s.mean + o.minLatencyDeltaMs, s.mean + o.deviation * sd);
      changed = x >= limit;
      break;
    case 'throughput':
      limit = 0.7 * s.mean;
      changed = s.mean >= 5 && x <= limit;
      break;
    default:
      limit = s.mean + o.deviation * Math.max(sd, Math.abs(s.mean) * 0.01, 1e-9);
      changed = Math.abs(x - s.mean) >= limit - s.mean;
  }
  return { changed: s.n < o.warmup ? undefined : changed, expected: s.mean, limit, suspect: s.n < o.warmup && s.n >= MIN_BASE && changed };
}

/**
 * Feeds the band a value the rule judged normal. After the warmup the verdict decides (a change is never learnt).
 * While learning, a value that already looks like a change against the first >= 10 samples is held back too, so a
 * fault in the first minute is not learnt as normal (it made the band blind for minutes: a mean of 0.43 and a limit
 * above 100 % errors); a level that keeps looking like a change for longer than the warmup is the new normal.
 */
export function learn(s: EwmaState, x: number, v: SuddenVerdict, o: EwmaOptions = EWMA_DEFAULTS): void {
  if (v.changed === true) return;
  s.suspects = v.suspect ? s.suspects + 1 : 0;
  if (!v.suspect || s.suspects > o.warmup) ewmaUpdate(s, x, o.alpha);
}
