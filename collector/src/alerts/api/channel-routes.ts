import { alertRoutes as r } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { channelOf } from '../channels/registry.js';
import type { SmtpSettings } from '../channels/types.js';
import { channelView, type ChannelStore } from '../store/channel-store.js';
import { stableId } from '../store/ids.js';
import type { RuleStore } from '../store/rule-store.js';

/** The JSON body of a request (400 INVALID_JSON otherwise), left to the store to validate with its domain codes. */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ArgusError('INVALID_JSON', 'the body must be JSON', 400);
  }
}

/**
 * A route spec whose body the handler validates itself: channel and alert bodies are checked by the stores with the
 * same @argus/api schemas, answering ALERT_CHANNEL_* / ALERT_* codes that name the field (a union's generic message
 * would not).
 */
export const ownBody = <S extends { body?: unknown }>(spec: S): Omit<S, 'body'> => {
  const { body: _body, ...rest } = spec;
  return rest;
};

/** /alert-channels: CRUD and a test send. */
export function channelRoutes(
  app: Hono<AppEnv>,
  channels: ChannelStore,
  rules: RuleStore,
  smtp: () => SmtpSettings | undefined,
  publicUrl: string,
): void {
  apiRoute(app, r.listAlertChannels, ({ tenant }) => ({ channels: channels.list(tenant).map(channelView) }));
  apiRoute(app, ownBody(r.createAlertChannel), async ({ tenant, c }) => {
    const ch = await channels.create(tenant, await jsonBody(c));
    // the answer to the create shows generated secrets once (the webhook's signing secret); later reads redact them
    return { ...channelView(ch), options: ch.options };
  });
  apiRoute(app, r.getAlertChannel, ({ tenant, params }) => channelView(channels.mustGet(tenant, params.id)));
  apiRoute(app, ownBody(r.updateAlertChannel), async ({ tenant, params, c }) =>
    channelView(await channels.update(tenant, params.id, await jsonBody(c))),
  );
  apiRoute(app, r.deleteAlertChannel, async ({ tenant, params: { id } }) => {
    const users = rules.list(tenant).filter((x) => x.channels.includes(id));
    if (users.length)
      throw new ArgusError('ALERT_CHANNEL_IN_USE', `channel ${id} is used by alerts: ${users.map((x) => x.name).join(', ')}`, 409);
    await channels.remove(tenant, id);
    return { deleted: id };
  });
  apiRoute(app, r.testAlertChannel, async ({ tenant, params }) => {
    const ch = channels.mustGet(tenant, params.id);
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
    const durationMs = Math.round(performance.now() - t0);
    if (result.status !== 'success')
      throw new ArgusError('ALERT_CHANNEL_TEST_FAILED', `not delivered (${result.status}) after ${durationMs} ms: ${result.error}`, 502);
    return { channel: ch.id, result, durationMs };
  });
}
