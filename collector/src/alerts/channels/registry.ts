import { ArgusError } from '../../errors.js';
import { email } from './email/index.js';
import { pagerduty } from './pagerduty/index.js';
import { slack } from './slack/index.js';
import type { AlertChannel } from './types.js';
import { webhook } from './webhook/index.js';

/** Every channel type: a new channel is a new folder and one entry here. */
export const CHANNELS = { slack, webhook, pagerduty, email } as const;

export type ChannelType = keyof typeof CHANNELS;
export const CHANNEL_TYPES = Object.keys(CHANNELS) as ChannelType[];

export function isChannelType(t: string): t is ChannelType {
  return Object.hasOwn(CHANNELS, t);
}

/** The channel of a type; an unknown type is a 400 naming the known ones. */
export function channelOf(type: string): AlertChannel {
  if (!isChannelType(type)) {
    throw new ArgusError('ALERT_CHANNEL_UNKNOWN_TYPE', `unknown channel type '${type}': use one of ${CHANNEL_TYPES.join(', ')}`, 400);
  }
  return CHANNELS[type];
}
