import type { AlertRule, Scope, Signal } from './alert-types';

/** Human wording of alert configurations (lists, headers). */

export function describeScope(s: Scope): string {
  switch (s.kind) {
    case 'service':
      return `service ${s.service}`;
    case 'endpoint':
      return `${s.service}: ${s.endpoint}`;
    case 'website':
      return `website ${s.website}`;
    default:
      return s.entityId
        ? `entity ${s.entityId}`
        : `every ${s.entityType ?? 'entity'}${
            s.tags
              ? ` with ${Object.entries(s.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}`
              : ''
          }`;
  }
}

const SIGNAL: Record<Signal['name'], string> = {
  errorRate: 'error rate',
  latency: 'latency',
  throughput: 'calls/s',
  loadTime: 'page load p75',
  lcp: 'LCP p75',
  jsErrors: 'JS errors/min',
  metric: 'metric',
  offline: 'offline',
};

export function describeSignal(s: Signal): string {
  if (s.name === 'latency') return `latency ${s.percentile ?? 'p90'}`;
  if (s.name === 'metric')
    return `${s.aggregation ?? 'avg'} ${s.metric ?? ''}${
      s.attributes
        ? ` {${Object.entries(s.attributes)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}}`
        : ''
    }`;
  return SIGNAL[s.name];
}

/** A value of the signal with its unit. */
export function formatSignalValue(s: Signal, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (s.name) {
    case 'errorRate':
      return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`;
    case 'latency':
    case 'loadTime':
    case 'lcp':
      return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`;
    case 'throughput':
      return `${v.toFixed(v < 10 ? 2 : 0)}/s`;
    case 'jsErrors':
      return `${v.toFixed(1)}/min`;
    case 'metric':
      return Math.abs(v) <= 1 && /utilization|ratio/.test(s.metric ?? '') ? `${(v * 100).toFixed(1)} %` : String(Number(v.toFixed(3)));
    default:
      return String(v);
  }
}

export function describeThreshold(a: Pick<AlertRule, 'threshold' | 'condition' | 'signal'>): string {
  const t = a.threshold;
  const op = a.condition === 'above' ? '>' : '<';
  if (t.type === 'adaptive') return `adaptive (±${t.deviation}σ, ${t.seasonality}${t.sudden ? ', sudden changes' : ''})`;
  if (a.signal.name === 'offline') return 'stops reporting';
  return [
    t.warning !== undefined ? `warn ${op} ${formatSignalValue(a.signal, t.warning)}` : '',
    t.critical !== undefined ? `crit ${op} ${formatSignalValue(a.signal, t.critical)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
