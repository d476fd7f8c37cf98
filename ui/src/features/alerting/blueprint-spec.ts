import type { Scope, Signal, SignalName } from './alert-types';

/**
 * What each blueprint of the alerting API watches (collector/src/alerts/rules/blueprints.ts), so the form asks for
 * the right target and the preview can draw the signal before the alert exists. The server expands the blueprint;
 * a blueprint missing here still works, it only gets no preview.
 */

export interface BlueprintDraft {
  service: string;
  endpoint: string;
  website: string;
  entityId: string;
  entityType: string;
  metric: string;
  /** `key=value, ...` */
  attributes: string;
  percentile: 'p50' | 'p90' | 'p99' | 'mean';
  lcp: boolean;
}

export type TargetKind = 'service' | 'endpoint' | 'website' | 'entity' | 'metric';

interface Spec {
  target: TargetKind;
  signal: (d: BlueprintDraft) => Signal;
  /** entity blueprints: the type they watch by default */
  entityType?: string;
}

export const parseAttributes = (text: string): Record<string, string> | undefined => {
  const pairs = text
    .split(',')
    .map((p) => p.split('=').map((x) => x.trim()))
    .filter((p): p is [string, string] => p.length === 2 && p[0] !== '' && p[1] !== '');
  return pairs.length ? Object.fromEntries(pairs) : undefined;
};

export const BLUEPRINT_SPECS: Record<string, Spec> = {
  'service-erroneous': { target: 'service', signal: () => ({ name: 'errorRate' }) },
  'service-slow': { target: 'service', signal: (d) => ({ name: 'latency', percentile: d.percentile }) },
  'service-throughput-drop': { target: 'service', signal: () => ({ name: 'throughput' }) },
  'endpoint-erroneous': { target: 'endpoint', signal: () => ({ name: 'errorRate' }) },
  'endpoint-slow': { target: 'endpoint', signal: (d) => ({ name: 'latency', percentile: d.percentile }) },
  'endpoint-throughput-drop': { target: 'endpoint', signal: () => ({ name: 'throughput' }) },
  'website-slow': { target: 'website', signal: (d) => ({ name: d.lcp ? 'lcp' : 'loadTime' }) },
  'website-js-errors': { target: 'website', signal: () => ({ name: 'jsErrors' }) },
  'host-cpu': {
    target: 'entity',
    entityType: 'host',
    signal: () => ({ name: 'metric', metric: 'system.cpu.utilization', attributes: { state: 'busy' }, aggregation: 'avg' }),
  },
  'host-memory': {
    target: 'entity',
    entityType: 'host',
    signal: () => ({ name: 'metric', metric: 'system.memory.utilization', attributes: { state: 'used' }, aggregation: 'avg' }),
  },
  'host-disk-full': {
    target: 'entity',
    entityType: 'host',
    signal: () => ({ name: 'metric', metric: 'system.filesystem.utilization', aggregation: 'max' }),
  },
  'entity-offline': { target: 'entity', signal: () => ({ name: 'offline' }) },
  metric: {
    target: 'metric',
    signal: (d) => ({ name: 'metric', metric: d.metric, attributes: parseAttributes(d.attributes), aggregation: 'avg' }),
  },
};

/** The scope the server will build from the blueprint form (null while the target is incomplete). */
export function draftScope(blueprint: string, d: BlueprintDraft): Scope | null {
  const spec = BLUEPRINT_SPECS[blueprint] as Spec | undefined;
  if (!spec) return null;
  switch (spec.target) {
    case 'service':
      return d.service ? { kind: 'service', service: d.service } : null;
    case 'endpoint':
      return d.service && d.endpoint ? { kind: 'endpoint', service: d.service, endpoint: d.endpoint } : null;
    case 'website':
      return d.website ? { kind: 'website', website: d.website } : null;
    default: {
      const type = d.entityType || spec.entityType;
      return d.entityId ? { kind: 'entity', entityId: d.entityId } : type ? { kind: 'entity', entityType: type } : null;
    }
  }
}

/** The unit a threshold is typed in, per signal (the API's units). */
export const THRESHOLD_UNIT: Record<SignalName, string> = {
  errorRate: 'share of calls, 0-1 (0.05 = 5 %)',
  latency: 'ms',
  throughput: 'calls per second',
  loadTime: 'ms',
  lcp: 'ms',
  jsErrors: 'errors per minute',
  metric: "the metric's unit (utilization and ratios 0-1)",
  offline: '',
};
