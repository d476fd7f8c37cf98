import { z } from 'zod';
import { postJson } from '../http.js';
import type { AlertChannel } from '../types.js';
import { slackMessage } from './blocks.js';

const options = z.object({
  url: z.url('url must be the Slack incoming-webhook URL').refine((u) => /^https?:\/\//.test(u), 'url must use http(s)'),
});
export type SlackOptions = z.infer<typeof options>;

/** Slack incoming webhook with a Block Kit message; at most one message per second per webhook (Slack's limit). */
export const slack: AlertChannel<SlackOptions> = {
  type: 'slack',
  optionsSchema: options,
  secretFields: ['url'],
  rateLimit: (o) => ({ key: `slack:${o.url}`, intervalMs: 1000 }),
  send: (n, o, ctx) => postJson(o.url, JSON.stringify(slackMessage(n)), {}, ctx.signal),
};
