import type { WebVitals } from '@argus/api';
import { formatDuration, formatPercent } from '../../lib/format';

export type VitalName = keyof WebVitals;
type Vital = WebVitals[VitalName];

export const VITALS: Array<{ key: VitalName; label: string; title: string }> = [
  { key: 'lcp', label: 'LCP', title: 'Largest contentful paint' },
  { key: 'inp', label: 'INP', title: 'Interaction to next paint' },
  { key: 'cls', label: 'CLS', title: 'Cumulative layout shift' },
  { key: 'fcp', label: 'FCP', title: 'First contentful paint' },
  { key: 'ttfb', label: 'TTFB', title: 'Time to first byte' },
];

/** A vital's value with its unit: CLS is a unitless score, the others are times. */
export function formatVital(key: VitalName, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return key === 'cls' ? v.toFixed(3).replace(/0+$/, '').replace(/\.$/, '.0') : formatDuration(v);
}

export type Rating = 'good' | 'ni' | 'poor';

/** web.dev's rating of a p75 value against the thresholds [good up to, poor from]. */
export function rate(v: number | null, thresholds: readonly [number, number]): Rating | null {
  if (v === null) return null;
  return v <= thresholds[0] ? 'good' : v <= thresholds[1] ? 'ni' : 'poor';
}

const RATING_TEXT: Record<Rating, string> = { good: 'Good', ni: 'Needs improvement', poor: 'Poor' };

/** The five web vitals at p75, each with its good / needs-improvement / poor shares and the thresholds. */
export function VitalsPanel({ vitals }: { vitals: WebVitals }) {
  return (
    <div className="vitals">
      {VITALS.map(({ key, label, title }) => (
        <VitalCard key={key} name={key} label={label} title={title} vital={vitals[key]} />
      ))}
    </div>
  );
}

function VitalCard({ name, label, title, vital }: { name: VitalName; label: string; title: string; vital: Vital }) {
  const r = rate(vital.p75, vital.thresholds);
  const [good, poor] = vital.thresholds;
  const parts: Array<[Rating, number]> = [
    ['good', vital.good],
    ['ni', vital.needsImprovement],
    ['poor', vital.poor],
  ];
  return (
    <div className={`vital${r ? ` rate-${r}` : ''}`} aria-label={`${title} (${label})`} role="group">
      <div className="vital-head">
        <abbr title={title}>{label}</abbr>
        <span className="muted small">p75</span>
      </div>
      <div className="vital-value">{formatVital(name, vital.p75)}</div>
      <div className="vital-rating small">{r ? RATING_TEXT[r] : 'No samples'}</div>
      <div className="vital-bar" role="img" aria-label={parts.map(([k, v]) => `${RATING_TEXT[k]} ${formatPercent(v)}`).join(', ')}>
        {vital.samples > 0 && parts.map(([k, v]) => (v > 0 ? <span key={k} className={`seg-${k}`} style={{ flexGrow: v }} /> : null))}
      </div>
      <div className="vital-shares small">
        {parts.map(([k, v]) => (
          <span key={k} className={`share-${k}`}>
            {vital.samples > 0 ? formatPercent(v) : '–'}
          </span>
        ))}
      </div>
      <div className="vital-thresholds muted small">
        good ≤ {formatVital(name, good)} · poor &gt; {formatVital(name, poor)} · {vital.samples}{' '}
        {vital.samples === 1 ? 'sample' : 'samples'}
      </div>
    </div>
  );
}

/** A p75 value colored by its rating, for table cells. */
export function VitalCell({ name, vital }: { name: VitalName; vital: Vital }) {
  const r = rate(vital.p75, vital.thresholds);
  return <span className={r ? `vital-text rate-${r}` : 'muted'}>{formatVital(name, vital.p75)}</span>;
}
