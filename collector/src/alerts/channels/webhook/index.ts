import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { postJson } from '../http.js';
import type { AlertChannel } from '../types.js';
import { webhookBody } from './body.js';

const secret = z
  .string()
  .regex(/^(whsec_)?[A-Za-z0-9+/]{24,}={0,2}$/, 'secret must be base64 (24+ characters), optionally prefixed whsec_ (Standard Webhooks)');
const options = z.object({
  url: z.url('url must be an http(s) URL').refine((u) => /^https?:\/\//.test(u), 'url must use http(s)'),
  secret: secret.optional(),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and dashes'), z.string().max(2000))
    .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
    .optional(),
});
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
