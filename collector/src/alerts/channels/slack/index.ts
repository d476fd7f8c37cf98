import { slackChannelOptions as options } from '@argus/api';
import type { z } from 'zod';
import { postJson } from '../http.js';
import type { AlertChannel } from '../types.js';
import { slackMessage } from './blocks.js';

export type SlackOptions = z.infer<typeof options>;

/** Slack incoming webhook with a Block Kit message; at most one message per second per webhook (Slack's limit). */
export const slack: AlertChannel<SlackOptions> = {
  type: 'slack',
  optionsSchema: options,
  secretFields: ['url'],
  rateLimit: (o) => ({ key: `slack:${o.url}`, intervalMs: 1000 }),
  send: (n, o, ctx) => postJson(o.url, JSON.stringify(slackMessage(n)), {}, ctx.signal),
};
