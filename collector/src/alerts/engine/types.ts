export type EventType = 'change' | 'issue' | 'incident';
export type EventSeverity = 'info' | 'warning' | 'critical';
export type EventState = 'open' | 'resolved' | 'closed';

export interface EntityRef {
  id: string;
  type: string;
  name: string;
}

/** A change, an issue or an incident, as stored in alert_events and answered by the API. */
export interface AlertEvent {
  id: string;
  tenant: string;
  type: EventType;
  /** deployment, process-start, host-cpu, alert, sudden-latency, incident, ... */
  kind: string;
  severity: EventSeverity;
  state: EventState;
  acknowledged: boolean;
  title: string;
  text: string;
  entity: EntityRef;
  service: string;
  ruleId: string;
  incidentId: string;
  startMs: number;
  endMs: number | null;
  details: Record<string, unknown>;
  updatedAt: number;
}
