import type { z } from 'zod';
import { alertBlueprintBody, alertRuleConfig, type AlertBlueprintBody, type AlertRuleInput } from '@argus/api';
import { ArgusError } from '../../errors.js';
import type { RuleConfig, Scope, Signal } from '../engine/rule-types.js';

type RuleInput = AlertRuleInput;
type Body = AlertBlueprintBody;

interface Blueprint {
  description: string;
  scope(b: Body): Scope;
  signal(b: Body): Signal;
  condition: 'above' | 'below';
  /** static threshold used when the body gives none; undefined: the body must give one or ask for adaptive */
  defaultThreshold?: number;
  defaults?: Partial<RuleInput>;
}

const need = (v: string | undefined, what: string, bp: string): string => {
  if (!v) throw new ArgusError('ALERT_INVALID', `blueprint ${bp} needs ${what}`, 400);
  return v;
};
const service =
  (bp: string) =>
  (b: Body): Scope => ({ kind: 'service', service: need(b.service, 'service', bp) });
const endpoint =
  (bp: string) =>
  (b: Body): Scope => ({
    kind: 'endpoint',
    service: need(b.service, 'service', bp),
    endpoint: need(b.endpoint, 'endpoint (e.g. "GET /cart")', bp),
  });
const website =
  (bp: string) =>
  (b: Body): Scope => ({ kind: 'website', website: need(b.website, 'website (its id)', bp) });
const entity =
  (type: string) =>
  (b: Body): Scope => ({ kind: 'entity', entityId: b.entityId, entityType: b.entityId ? undefined : (b.entityType ?? type) });
const INFRA = { windowSeconds: 30, timeRule: { violations: 20, of: 30 }, minTraffic: 0, gracePeriodSeconds: 60 };

export const BLUEPRINTS: Record<string, Blueprint> = {
  'service-erroneous': {
    description: 'error rate of a service (0-1)',
    scope: service('service-erroneous'),
    signal: () => ({ name: 'errorRate' }),
    condition: 'above',
    defaultThreshold: 0.1,
  },
  'service-slow': {
    description: 'latency percentile of a service (ms)',
    scope: service('service-slow'),
    signal: (b) => ({ name: 'latency', percentile: b.percentile ?? 'p90' }),
    condition: 'above',
  },
  'service-throughput-drop': {
    description: 'calls per second of a service fall below a threshold, or drop suddenly (adaptive) without one',
    scope: service('service-throughput-drop'),
    signal: () => ({ name: 'throughput' }),
    condition: 'below',
    defaults: { minTraffic: 0 },
  },
  'endpoint-erroneous': {
    description: 'error rate of an endpoint',
    scope: endpoint('endpoint-erroneous'),
    signal: () => ({ name: 'errorRate' }),
    condition: 'above',
    defaultThreshold: 0.1,
  },
  'endpoint-slow': {
    description: 'latency percentile of an endpoint (ms)',
    scope: endpoint('endpoint-slow'),
    signal: (b) => ({ name: 'latency', percentile: b.percentile ?? 'p90' }),
    condition: 'above',
  },
  'endpoint-throughput-drop': {
    description: 'calls per second of an endpoint fall or drop suddenly',
    scope: endpoint('endpoint-throughput-drop'),
    signal: () => ({ name: 'throughput' }),
    condition: 'below',
    defaults: { minTraffic: 0 },
  },
  'website-slow': {
    description: 'page load time p75 (ms; `signal: "lcp"` for LCP p75)',
    scope: website('website-slow'),
    signal: (b) => ({ name: b.signal === 'lcp' ? 'lcp' : 'loadTime' }),
    condition: 'above',
    defaults: { windowSeconds: 300, timeRule: { violations: 30, of: 60 }, minTraffic: 5, gracePeriodSeconds: 120 },
  },
  'website-js-errors': {
    description: 'JavaScript errors per minute on a website',
    scope: website('website-js-errors'),
    signal: () => ({ name: 'jsErrors' }),
    condition: 'above',
    defaults: { windowSeconds: 60, timeRule: { violations: 10, of: 20 }, minTraffic: 0, gracePeriodSeconds: 120 },
  },
  'host-cpu': {
    description: 'CPU busy share of hosts (0-1)',
    scope: entity('host'),
    signal: () => ({ name: 'metric', metric: 'system.cpu.utilization', attributes: { state: 'busy' }, aggregation: 'avg' }),
    condition: 'above',
    defaultThreshold: 0.9,
    defaults: INFRA,
  },
  'host-memory': {
    description: 'memory used share of hosts (0-1)',
    scope: entity('host'),
    signal: () => ({ name: 'metric', metric: 'system.memory.utilization', attributes: { state: 'used' }, aggregation: 'avg' }),
    condition: 'above',
    defaultThreshold: 0.9,
    defaults: INFRA,
  },
  'host-disk-full': {
    description: 'fullest filesystem of hosts (0-1)',
    scope: entity('host'),
    signal: () => ({ name: 'metric', metric: 'system.filesystem.utilization', aggregation: 'max' }),
    condition: 'above',
    defaultThreshold: 0.9,
    defaults: INFRA,
  },
  'entity-offline': {
    description: 'an entity (host, process, database...) stops reporting',
    scope: (b) => {
      if (!b.entityId && !b.entityType) throw new ArgusError('ALERT_INVALID', 'blueprint entity-offline needs entityId or entityType', 400);
      return { kind: 'entity', entityId: b.entityId, entityType: b.entityId ? undefined : b.entityType };
    },
    signal: () => ({ name: 'offline' }),
    condition: 'above',
    defaultThreshold: 0.5,
    defaults: { windowSeconds: 1, timeRule: { violations: 1, of: 1 }, minTraffic: 0, gracePeriodSeconds: 0 },
  },
  metric: {
    description: 'any infrastructure metric of entities (by id, type or tags)',
    scope: (b) => {
      const tags = b.tags;
      if (!b.entityId && !b.entityType && !tags)
        throw new ArgusError('ALERT_INVALID', 'blueprint metric needs entityId, entityType or tags', 400);
      return { kind: 'entity', entityId: b.entityId, entityType: b.entityType, tags };
    },
    signal: (b) => ({ name: 'metric', metric: need(b.metric, 'metric', 'metric'), attributes: b.attributes, aggregation: 'avg' }),
    condition: 'above',
    defaults: INFRA,
  },
};

const FULL_FORM_KEYS = [
  'enabled',
  'windowSeconds',
  'timeRule',
  'minTraffic',
  'gracePeriodSeconds',
  'renotifySeconds',
  'channels',
  'description',
];

/** A rule body in either form -> a validated full-form rule. */
export function expandRule(body: unknown): RuleConfig {
  const raw = body as Record<string, unknown> | null;
  if (raw && typeof raw === 'object' && typeof raw.blueprint === 'string' && raw.scope === undefined) {
    const bp = BLUEPRINTS[raw.blueprint];
    if (!bp)
      throw new ArgusError(
        'ALERT_UNKNOWN_BLUEPRINT',
        `unknown blueprint '${raw.blueprint}': use one of ${Object.keys(BLUEPRINTS).join(', ')}`,
        400,
      );
    const b = parseOr400(alertBlueprintBody, raw);
    const critical = b.threshold ?? (b.warning === undefined ? bp.defaultThreshold : undefined);
    const adaptive = b.adaptive === true || (critical === undefined && b.warning === undefined);
    const threshold = adaptive ? { type: 'adaptive' as const } : { type: 'static' as const, critical, warning: b.warning };
    const full: Record<string, unknown> = {
      ...bp.defaults,
      name: b.name,
      blueprint: b.blueprint,
      scope: bp.scope(b),
      signal: bp.signal(b),
      condition: b.condition ?? bp.condition,
      threshold,
    };
    for (const k of FULL_FORM_KEYS) if (raw[k] !== undefined) full[k] = raw[k];
    return parseOr400(alertRuleConfig, full);
  }
  return parseOr400(alertRuleConfig, body);
}

export function parseOr400<T>(schema: z.ZodType<T>, v: unknown): T {
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  const msg = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new ArgusError('ALERT_INVALID', `invalid alert: ${msg.join('; ')}`, 400);
}
