import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { webhookChannelOptions as options } from '@argus/api';
import type { z } from 'zod';
import { postJson } from '../http.js';
import type { AlertChannel } from '../types.js';
import { webhookBody } from './body.js';

export type WebhookOptions = z.infer<typeof options>;

/** Seconds since epoch of the signature; the body and headers are signed per Standard Webhooks (HMAC-SHA256). */
export function signedHeaders(o: WebhookOptions, id: string, body: string, now = new Date()): Record<string, string> {
  const h: Record<string, string> = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)) };
  if (o.secret) h['webhook-signature'] = new Webhook(o.secret).sign(id, now, body);
  return h;
}

/** A generic HTTPS webhook, signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). */
export const webhook: AlertChannel<WebhookOptions> = {
  type: 'webhook',
  optionsSchema: options,
  secretFields: ['secret', 'headers'],
  prepare: (o) => ({ ...o, secret: o.secret ?? `whsec_${randomBytes(24).toString('base64')}` }),
  send(n, o, ctx) {
    const body = JSON.stringify(webhookBody(n));
    return postJson(o.url, body, { ...o.headers, ...signedHeaders(o, n.id, body) }, ctx.signal);
  },
};
