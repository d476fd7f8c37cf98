import type { Hono } from 'hono';
import type { AppEnv } from '../../module.js';
import { channelOf } from '../channels/registry.js';
import type { SmtpSettings } from '../channels/types.js';
import { channelView, type ChannelStore } from '../store/channel-store.js';
import { stableId } from '../store/ids.js';
import type { RuleStore } from '../store/rule-store.js';
import { ArgusError } from '../../errors.js';

async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ArgusError('INVALID_JSON', 'the body must be JSON', 400);
  }
}
export { jsonBody };

/** /alert-channels: CRUD and a test send. */
export function channelRoutes(
  app: Hono<AppEnv>,
  channels: ChannelStore,
  rules: RuleStore,
  smtp: () => SmtpSettings | undefined,
  publicUrl: string,
): void {
  app.get('/alert-channels', (c) => c.json({ channels: channels.list(c.get('tenant')).map(channelView) }));
  app.post('/alert-channels', async (c) => {
    const ch = await channels.create(c.get('tenant'), await jsonBody(c));
    // the answer to the create shows generated secrets once (the webhook's signing secret); later reads redact them
    return c.json({ ...channelView(ch), options: ch.options }, 201);
  });
  app.get('/alert-channels/:id', (c) => c.json(channelView(channels.mustGet(c.get('tenant'), c.req.param('id')))));
  app.put('/alert-channels/:id', async (c) =>
    c.json(channelView(await channels.update(c.get('tenant'), c.req.param('id'), await jsonBody(c)))),
  );
  app.delete('/alert-channels/:id', async (c) => {
    const tenant = c.get('tenant');
    const id = c.req.param('id');
    const users = rules.list(tenant).filter((r) => r.channels.includes(id));
    if (users.length)
      throw new ArgusError('ALERT_CHANNEL_IN_USE', `channel ${id} is used by alerts: ${users.map((r) => r.name).join(', ')}`, 409);
    await channels.remove(tenant, id);
    return c.json({ deleted: id });
  });
  app.post('/alert-channels/:id/test', async (c) => {
    const ch = channels.mustGet(c.get('tenant'), c.req.param('id'));
    const now = Date.now();
    const eventId = stableId('test', ch.id, now);
    const t0 = performance.now();
    const result = await channelOf(ch.type).send(
      {
        id: `${eventId}:test`,
        kind: 'test',
        event: {
          id: eventId,
          type: 'test',
          state: 'open',
          severity: 'warning',
          title: `Test message for channel ${ch.name}`,
          text: 'This is a test notification from Argus: the channel is set up correctly.',
          startMs: now,
          entity: { id: ch.id, type: 'alert-channel', name: ch.name },
          tags: { test: 'true' },
          link: `${publicUrl.replace(/\/$/, '')}/api/v1/alert-channels/${ch.id}`,
        },
      },
      ch.options,
      { signal: AbortSignal.timeout(20_000), smtp: smtp() },
    );
    return c.json({ channel: ch.id, result, durationMs: Math.round(performance.now() - t0) }, result.status === 'success' ? 200 : 502);
  });
}
