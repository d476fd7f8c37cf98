import type { Hono } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { parseIntParam, parseRange } from '../../query/params.js';
import { deliveryLog } from '../delivery/queue.js';
import type { EventStore } from '../engine/event-store.js';
import type { Evaluator } from '../engine/evaluator.js';
import type { Storage } from '../../storage/storage.js';

const TYPES = ['change', 'issue', 'incident'];
const SEVERITIES = ['info', 'warning', 'critical'];
const STATES = ['open', 'resolved', 'closed'];

function oneOf(v: string | undefined, allowed: string[], name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (!allowed.includes(v)) throw new ArgusError('INVALID_PARAM', `${name} must be one of ${allowed.join(', ')}`, 400);
  return v;
}

/** /events, /incidents/:id (+ acknowledge, close; also for issues), /alert-notifications (the delivery log). */
export function eventRoutes(app: Hono<AppEnv>, events: EventStore, storage: Storage, evaluator: () => Evaluator | undefined): void {
  app.get('/events', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    const { from, to } = parseRange(q, 24 * 3_600_000);
    const list = await events.list(c.get('tenant'), {
      type: oneOf(q('type'), TYPES, 'type'),
      severity: oneOf(q('severity'), SEVERITIES, 'severity'),
      state: oneOf(q('state'), STATES, 'state'),
      entity: q('entity'),
      service: q('service'),
      incident: q('incident'),
      from,
      to,
      limit: parseIntParam(q('limit'), 200, 1, 5000, 'limit'),
    });
    return c.json({ from, to, events: list });
  });
  app.get('/events/:id', async (c) => c.json(await events.get(c.get('tenant'), c.req.param('id'))));

  async function incident(tenant: string, id: string) {
    const e = await events.get(tenant, id);
    if (e.type !== 'incident') throw new ArgusError('ALERT_EVENT_NOT_FOUND', `${id} is not an incident`, 404);
    const d = e.details as { triggers?: string[]; relatedIssues?: string[]; changes?: string[] };
    const [triggers, related, changes] = await Promise.all([
      events.list(tenant, { incident: id, from: e.startMs - 3_600_000, to: Date.now(), limit: 1000 }),
      events.byIds(tenant, d.relatedIssues ?? []),
      events.byIds(tenant, d.changes ?? []),
    ]);
    return { ...e, triggers: triggers.filter((t) => t.id !== id), relatedIssues: related, changes };
  }
  app.get('/incidents/:id', async (c) => c.json(await incident(c.get('tenant'), c.req.param('id'))));

  const action =
    (verb: 'acknowledge' | 'close') =>
    async (c: { get(k: 'tenant'): string; req: { param(k: string): string }; json(v: unknown): Response }) => {
      const tenant = c.get('tenant');
      const id = c.req.param('id');
      const e = await events.get(tenant, id);
      if (e.type !== 'incident' && e.type !== 'issue')
        throw new ArgusError('ALERT_EVENT_NOT_FOUND', `${id} is a change: nothing to ${verb}`, 404);
      const ev = evaluator();
      const managed = e.type === 'incident' ? await ev?.ctx.incidents[verb](id) : undefined;
      if (!managed) {
        if (verb === 'close' && e.state !== 'open') throw new ArgusError('ALERT_EVENT_NOT_OPEN', `${id} is already ${e.state}`, 409);
        const next = verb === 'acknowledge' ? { ...e, acknowledged: true } : { ...e, state: 'closed' as const, endMs: Date.now() };
        await events.write([{ ...next, updatedAt: Date.now() }]);
        return c.json(next);
      }
      return c.json(managed);
    };
  app.post('/incidents/:id/acknowledge', action('acknowledge'));
  app.post('/incidents/:id/close', action('close'));

  app.get('/alert-notifications', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    const notifications = await deliveryLog(storage, c.get('tenant'), {
      eventId: q('event'),
      channelId: q('channel'),
      limit: parseIntParam(q('limit'), 200, 1, 5000, 'limit'),
    });
    return c.json({ notifications });
  });
}
