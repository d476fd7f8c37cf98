/** Search params of /events (kept small: the router imports this eagerly). */
export interface EventsSearch {
  /** one entity's events */
  entity?: string;
  severity?: 'info' | 'warning' | 'critical';
  /** event (infrastructure/analytics), change, issue, incident */
  type?: 'event' | 'change' | 'issue' | 'incident';
  q?: string;
}

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => (values.includes(v as T) ? (v as T) : undefined);

export function validateEventsSearch(s: Record<string, unknown>): EventsSearch {
  return {
    entity: str(s.entity, 512),
    severity: oneOf(s.severity, ['info', 'warning', 'critical'] as const),
    type: oneOf(s.type, ['event', 'change', 'issue', 'incident'] as const),
    q: str(s.q, 200),
  };
}
