import type { EntityEvent } from '@argus/api';
import type { AlertEvent } from './event-types';

/**
 * One row of the events views, whatever its source: an infrastructure event (sensor, agent, entity discovered /
 * changed / gone), an analytics event (endpoint cap, ...) or an alerting change, issue or incident.
 */
export interface UnifiedEvent {
  key: string;
  time: number;
  endMs: number | null;
  source: 'infrastructure' | 'analytics' | 'alerting';
  /** event (infrastructure/analytics), change, issue, incident */
  type: 'event' | 'change' | 'issue' | 'incident';
  severity: 'info' | 'warning' | 'critical';
  state?: AlertEvent['state'];
  code: string;
  title: string;
  text: string;
  entity?: { id: string; type: string; name: string };
  service?: string;
  /** alerting events open their own page (incidents) */
  alertId?: string;
}

const SEV = (s: string): UnifiedEvent['severity'] =>
  s === 'critical' || s === 'error' ? 'critical' : s === 'warning' ? 'warning' : 'info';

export function fromEntityEvent(e: EntityEvent, names?: ReadonlyMap<string, { type: string; name: string }>): UnifiedEvent {
  const n = names?.get(e.entityId);
  return {
    key: `i:${e.entityId}:${e.time}:${e.code}`,
    time: e.time,
    endMs: null,
    source: 'infrastructure',
    type: 'event',
    severity: SEV(e.severity),
    code: e.code,
    title: e.code
      .replace(/_/g, ' ')
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase()),
    text: e.message,
    entity: { id: e.entityId, type: n?.type ?? e.entityId.split(':')[0], name: n?.name ?? e.entityId },
  };
}

export function fromAlertEvent(e: AlertEvent): UnifiedEvent {
  return {
    key: `a:${e.id}`,
    time: e.startMs,
    endMs: e.endMs,
    source: 'alerting',
    type: e.type,
    severity: SEV(e.severity),
    state: e.state,
    code: e.kind,
    title: e.title,
    text: e.text,
    entity: e.entity.id ? e.entity : undefined,
    service: e.service || undefined,
    alertId: e.id,
  };
}

export interface AnalyticsEvent {
  time: number;
  type: string;
  severity: string;
  service: string;
  message: string;
}

export function fromAnalyticsEvent(e: AnalyticsEvent): UnifiedEvent {
  return {
    key: `x:${e.service}:${e.time}:${e.type}`,
    time: e.time,
    endMs: null,
    source: 'analytics',
    type: 'event',
    severity: SEV(e.severity),
    code: e.type,
    title: e.type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    text: e.message,
    service: e.service || undefined,
  };
}

export const byTimeDesc = (a: UnifiedEvent, b: UnifiedEvent) => b.time - a.time || a.key.localeCompare(b.key);
