/** Events of the alerting API (GET /api/v1/events, /incidents/:id): changes, issues and incidents (docs/api.md "Alerts"). */

export type AlertEventType = 'change' | 'issue' | 'incident';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertEvent {
  id: string;
  type: AlertEventType;
  /** deployment, process-start, host-cpu, alert, sudden-latency, incident, ... */
  kind: string;
  severity: AlertSeverity;
  state: 'open' | 'resolved' | 'closed';
  acknowledged: boolean;
  title: string;
  text: string;
  entity: { id: string; type: string; name: string };
  service: string;
  ruleId: string;
  incidentId: string;
  startMs: number;
  endMs: number | null;
  details: Record<string, unknown>;
  updatedAt: number;
}
