import { median, quantile, robustSigma } from './stats.js';

export interface ThresholdSuggestion {
  warning: number;
  critical: number;
  samples: number;
  median: number;
  p99: number;
  /** how many of the history's samples would have been past the suggested warning / critical value */
  wouldHaveBreached: { warning: number; critical: number };
}

/**
 * Suggests static thresholds from history (e.g. the last 7 days of one-minute values): beyond both the 99th
 * (warning) / 99.9th (critical) percentile and the median +- 4 / 6 robust standard deviations, so the values
 * seen as normal would have stayed quiet. Undefined without at least 30 samples.
 */
export function detectThreshold(values: readonly number[], condition: 'above' | 'below'): ThresholdSuggestion | undefined {
  const xs = values.filter(Number.isFinite);
  if (xs.length < 30) return undefined;
  const m = median(xs);
  const sigma = Math.max(robustSigma(xs), Math.abs(m) * 0.05, 1e-9);
  const up = condition === 'above';
  const warning = up ? Math.max(quantile(xs, 0.99), m + 4 * sigma) : Math.min(quantile(xs, 0.01), m - 4 * sigma);
  const critical = up ? Math.max(quantile(xs, 0.999), m + 6 * sigma, warning) : Math.min(quantile(xs, 0.001), m - 6 * sigma, warning);
  const past = (t: number) => xs.filter((x) => (up ? x > t : x < t)).length;
  return {
    warning,
    critical,
    samples: xs.length,
    median: m,
    p99: quantile(xs, up ? 0.99 : 0.01),
    wouldHaveBreached: { warning: past(warning), critical: past(critical) },
  };
}
