import { z } from 'zod';
import { enumParam, intParam, rangeQuery, textParam } from './params.js';

/**
 * Smart alerts, what happens: changes, issues and incidents (`alert_events`), an incident with its triggers,
 * related issues and changes, and the delivery log of notifications.
 */

export const ALERT_EVENT_TYPES = ['change', 'issue', 'incident'] as const;
export const ALERT_EVENT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_EVENT_STATES = ['open', 'resolved', 'closed'] as const;

export const alertEntityRef = z.object({ id: z.string(), type: z.string(), name: z.string() });

export const alertEvent = z.object({
  id: z.string(),
  type: z.enum(ALERT_EVENT_TYPES),
  kind: z.string().meta({ description: 'deployment, process-start, host-cpu, alert, sudden-latency, incident, ...' }),
  severity: z.enum(ALERT_EVENT_SEVERITIES),
  state: z.enum(ALERT_EVENT_STATES),
  acknowledged: z.boolean(),
  title: z.string(),
  text: z.string(),
  entity: alertEntityRef,
  service: z.string().meta({ description: 'the service it concerns, or empty' }),
  ruleId: z.string().meta({ description: 'the alert rule that raised it, or empty (built-in)' }),
  incidentId: z.string().meta({ description: 'the incident an issue belongs to, or empty' }),
  startMs: z.number(),
  endMs: z.number().nullable(),
  details: z.record(z.string(), z.unknown()).meta({
    description:
      'issues: signal { name, value, threshold, unit }, rule, baseline, nodeId; incidents: rootCause { nodeId, name, kind, entityId, explanation }, ' +
      'candidates, affected, relatedIssues, changes, links, exampleTraces [{ traceId, service, endpoint, startMs, durationMs, error }], ' +
      'triggers, timeline [{ time, what }], channels, graph { nodes [{ id, kind, name, entityType?, entityId? }], edges [[from, to]] } ' +
      '(the subgraph the incident touches: from depends on to; rootCause.nodeId and affected name its nodes); changes: version/previous (deployments), code (entity events)',
  }),
  updatedAt: z.number(),
});
export type AlertEventView = z.infer<typeof alertEvent>;

export const alertEventsQuery = rangeQuery.extend({
  type: enumParam('type', ALERT_EVENT_TYPES, 'only this type').optional(),
  severity: enumParam('severity', ALERT_EVENT_SEVERITIES, 'only this severity').optional(),
  state: enumParam('state', ALERT_EVENT_STATES, 'only this state').optional(),
  entity: textParam('entity', 512, 'only events on this entity id (service:<name>, host:<id> ...)').optional(),
  service: textParam('service', 200, 'only events of this service').optional(),
  incident: textParam('incident', 64, 'only the issues of this incident').optional(),
  limit: intParam('limit', 1, 5000, 'events at most, newest first').default(200),
});
export const alertEventsResponse = z.object({ from: z.number(), to: z.number(), events: z.array(alertEvent) });

export const alertEventParams = z.object({ id: z.string().max(64) });

export const incidentResponse = alertEvent.extend({
  triggers: z.array(alertEvent).meta({ description: 'the issues that opened or joined the incident' }),
  relatedIssues: z.array(alertEvent).meta({ description: 'issues on the components it depends on, in its window' }),
  changes: z.array(alertEvent).meta({ description: 'changes on those components (deployments, restarts, configuration)' }),
});
export type IncidentResponse = z.infer<typeof incidentResponse>;

export const alertNotificationsQuery = z.object({
  event: textParam('event', 64, 'only notifications of this event').optional(),
  channel: textParam('channel', 64, 'only notifications to this channel').optional(),
  limit: intParam('limit', 1, 5000, 'notifications at most, newest first').default(200),
});
export const alertNotification = z.object({
  id: z.string().meta({ description: 'stable across retries (webhook-id, e-mail Message-ID)' }),
  eventId: z.string(),
  channelId: z.string(),
  kind: z.enum(['open', 'resolve', 'renotify', 'test']),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  log: z.array(
    z.object({
      time: z.number(),
      attempt: z.number(),
      status: z.enum(['success', 'failure', 'retryable']),
      detail: z.string(),
      durationMs: z.number(),
    }),
  ),
});
export type AlertNotificationView = z.infer<typeof alertNotification>;
export const alertNotificationsResponse = z.object({ notifications: z.array(alertNotification) });
