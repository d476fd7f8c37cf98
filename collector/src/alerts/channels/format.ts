import type { Notification, NotificationEvent } from './types.js';

/** Short human wording shared by the channels. */
export function stateWord(n: Notification): string {
  if (n.kind === 'test') return 'Test';
  if (n.kind === 'resolve' || n.event.state === 'resolved') return 'Resolved';
  return n.event.severity === 'critical' ? 'Critical' : 'Warning';
}

export function formatValue(v: number | null, unit: string): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  if (unit === 'ratio') return `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`;
  if (unit === 'ms') return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  const rounded = Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  return unit ? `${rounded} ${unit}` : rounded;
}

export function valueVsThreshold(e: NotificationEvent): string | undefined {
  if (!e.signal) return undefined;
  const { value, threshold, unit } = e.signal;
  return threshold === null ? formatValue(value, unit) : `${formatValue(value, unit)} (threshold ${formatValue(threshold, unit)})`;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** "open since 19:04:12 UTC (2 min)" style */
export function since(e: NotificationEvent, now = Date.now()): string {
  const end = e.endMs ?? now;
  const mins = Math.max(0, Math.round((end - e.startMs) / 60_000));
  return `${iso(e.startMs).slice(11, 19)} UTC (${mins < 1 ? '<1' : mins} min)`;
}
