/** Built-in issues, no configuration needed: thresholds on infrastructure metrics every entity of a type reports. */
export interface BuiltinCheck {
  kind: string;
  entityType: string;
  metric: string;
  attributes?: Record<string, string>;
  aggregation: 'avg' | 'max';
  windowMs: number;
  /** opens at >= open, resolves below close */
  open: number;
  close: number;
  severity: 'warning' | 'critical';
  /** evidence kind for root-cause ranking */
  evidence: string;
  title: string;
  text(value: number): string;
}

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;

export const BUILTIN_CHECKS: BuiltinCheck[] = [
  {
    kind: 'host-cpu-saturation',
    entityType: 'host',
    metric: 'system.cpu.utilization',
    attributes: { state: 'busy' },
    aggregation: 'avg',
    windowMs: 20_000,
    open: 0.95,
    close: 0.85,
    severity: 'critical',
    evidence: 'cpu',
    title: 'CPU saturated',
    text: (v) => `CPU busy ${pct(v)} over the last 20 s (built-in: >= 95 %)`,
  },
  {
    kind: 'host-memory-pressure',
    entityType: 'host',
    metric: 'system.memory.utilization',
    attributes: { state: 'used' },
    aggregation: 'avg',
    windowMs: 30_000,
    open: 0.95,
    close: 0.9,
    severity: 'critical',
    evidence: 'memory',
    title: 'memory pressure',
    text: (v) => `memory used ${pct(v)} over the last 30 s (built-in: >= 95 %)`,
  },
  {
    kind: 'filesystem-full',
    entityType: 'host',
    metric: 'system.filesystem.utilization',
    aggregation: 'max',
    windowMs: 30_000,
    open: 0.95,
    close: 0.93,
    severity: 'critical',
    evidence: 'disk',
    title: 'filesystem full',
    text: (v) => `a filesystem is ${pct(v)} full (built-in: >= 95 %)`,
  },
  {
    kind: 'postgres-connections',
    entityType: 'postgres',
    metric: 'postgres.connections.usage_ratio',
    aggregation: 'max',
    windowMs: 30_000,
    open: 0.9,
    close: 0.8,
    severity: 'warning',
    evidence: 'connections',
    title: 'connections near max_connections',
    text: (v) => `${pct(v)} of max_connections in use (built-in: >= 90 %)`,
  },
  {
    kind: 'redis-memory',
    entityType: 'redis',
    metric: 'redis.memory.usage_ratio',
    aggregation: 'max',
    windowMs: 30_000,
    open: 0.9,
    close: 0.8,
    severity: 'warning',
    evidence: 'memory',
    title: 'memory near maxmemory',
    text: (v) => `used memory at ${pct(v)} of maxmemory (built-in: >= 90 %)`,
  },
];

/** Entity types whose going away is an outage (issue), not a lifecycle change: hosts and technologies. */
export const OFFLINE_ISSUE_TYPES = (type: string) => !['process', 'container', 'nodejs'].includes(type);

/** Hours until a filesystem is full at its current trend (Infinity when not filling). */
export function hoursToFull(last: number, slopePerHour: number): number {
  return slopePerHour > 1e-6 ? (1 - last) / slopePerHour : Infinity;
}
