import type { Notification, NotificationEvent } from '../channels/types.js';
import type { DeliveryQueue } from '../delivery/queue.js';
import { stableId } from '../store/ids.js';
import type { AlertEvent } from './types.js';

interface Details {
  signal?: { name: string; value: number | null; threshold: number | null; unit: string };
  rootCause?: { name: string; nodeId: string; entityId?: string; explanation: string };
  suggestion?: string;
  host?: string;
  exampleTraces?: Array<{ traceId: string; service: string; endpoint: string; error: boolean }>;
}

/** The channel-neutral view of an event for a notification. */
export function notificationEvent(e: AlertEvent, publicUrl: string): NotificationEvent {
  const d = e.details as Details;
  const path = e.type === 'incident' ? `/incidents/${e.id}` : `/events/${e.id}`;
  const base = `${publicUrl.replace(/\/$/, '')}/api/v1`;
  return {
    id: e.id,
    type: e.type === 'incident' ? 'incident' : 'issue',
    state: e.state === 'open' ? 'open' : 'resolved',
    severity: e.severity === 'critical' ? 'critical' : 'warning',
    title: e.title,
    text: e.text,
    suggestion: d.suggestion,
    startMs: e.startMs,
    endMs: e.endMs ?? undefined,
    entity: e.entity,
    host: d.host,
    signal: d.signal,
    rootCause: d.rootCause
      ? { name: d.rootCause.name, entityId: d.rootCause.entityId ?? d.rootCause.nodeId, explanation: d.rootCause.explanation }
      : undefined,
    tags: { kind: e.kind, ...(e.service ? { service: e.service } : {}), ...(e.ruleId ? { rule: e.ruleId } : {}) },
    link: `${base}${path}`,
    exampleTraces: d.exampleTraces?.map((t) => ({
      traceId: t.traceId,
      service: t.service,
      endpoint: t.endpoint,
      error: t.error,
      link: `${base}/traces/${t.traceId}`,
    })),
  };
}

/** Queues one notification per channel; the id is stable per (event, channel, kind[, round]), so repeats are dropped. */
export async function notify(
  queue: DeliveryQueue,
  e: AlertEvent,
  channelIds: readonly string[],
  kind: Notification['kind'],
  publicUrl: string,
  round = 0,
): Promise<void> {
  const event = notificationEvent(e, publicUrl);
  for (const channelId of new Set(channelIds)) {
    const id = stableId('nt', e.id, channelId, kind, round);
    await queue.enqueue(e.tenant, channelId, { id, kind, event });
  }
}
