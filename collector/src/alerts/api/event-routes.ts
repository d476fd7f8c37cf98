import { alertRoutes as r } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { timeRange } from '../../query/resolution.js';
import type { Storage } from '../../storage/storage.js';
import { deliveryLog } from '../delivery/queue.js';
import type { EventStore } from '../engine/event-store.js';
import type { Evaluator } from '../engine/evaluator.js';
import { eventView } from '../engine/types.js';

/** /events, /incidents/:id (+ acknowledge, close; also for issues), /alert-notifications (the delivery log). */
export function eventRoutes(app: Hono<AppEnv>, events: EventStore, storage: Storage, evaluator: () => Evaluator | undefined): void {
  apiRoute(app, r.listAlertEvents, async ({ tenant, query: q }) => {
    const { from, to } = timeRange(q, 24 * 3_600_000);
    const list = await events.list(tenant, { ...q, from, to });
    return { from, to, events: list.map(eventView) };
  });
  apiRoute(app, r.getAlertEvent, async ({ tenant, params }) => eventView(await events.get(tenant, params.id)));

  apiRoute(app, r.getIncident, async ({ tenant, params: { id } }) => {
    const e = await events.get(tenant, id);
    if (e.type !== 'incident') throw new ArgusError('ALERT_EVENT_NOT_FOUND', `${id} is not an incident`, 404);
    const d = e.details as { relatedIssues?: string[]; changes?: string[] };
    const [triggers, related, changes] = await Promise.all([
      events.list(tenant, { incident: id, from: e.startMs - 3_600_000, to: Date.now(), limit: 1000 }),
      events.byIds(tenant, d.relatedIssues ?? []),
      events.byIds(tenant, d.changes ?? []),
    ]);
    return {
      ...eventView(e),
      triggers: triggers.filter((t) => t.id !== id).map(eventView),
      relatedIssues: related.map(eventView),
      changes: changes.map(eventView),
    };
  });

  for (const verb of ['acknowledge', 'close'] as const) {
    apiRoute(app, verb === 'close' ? r.closeIncident : r.acknowledgeIncident, async ({ tenant, params: { id } }) => {
      const e = await events.get(tenant, id);
      if (e.type !== 'incident' && e.type !== 'issue')
        throw new ArgusError('ALERT_EVENT_NOT_FOUND', `${id} is a change: nothing to ${verb}`, 404);
      const managed = e.type === 'incident' ? await evaluator()?.ctx.incidents[verb](id) : undefined;
      if (managed) return eventView(managed);
      if (verb === 'close' && e.state !== 'open') throw new ArgusError('ALERT_EVENT_NOT_OPEN', `${id} is already ${e.state}`, 409);
      const next = verb === 'acknowledge' ? { ...e, acknowledged: true } : { ...e, state: 'closed' as const, endMs: Date.now() };
      await events.write([{ ...next, updatedAt: Date.now() }]);
      return eventView(next);
    });
  }

  apiRoute(app, r.listAlertNotifications, async ({ tenant, query: q }) => ({
    notifications: await deliveryLog(storage, tenant, { eventId: q.event, channelId: q.channel, limit: q.limit }),
  }));
}
