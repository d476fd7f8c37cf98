import { pagerdutyChannelOptions as options } from '@argus/api';
import type { z } from 'zod';
import { clip, postJson } from '../http.js';
import { iso, valueVsThreshold } from '../format.js';
import type { AlertChannel, Notification } from '../types.js';

export type PagerDutyOptions = z.infer<typeof options>;

/** The same Argus event always maps to the same dedup_key, so trigger and resolve pair up and retries never page twice. */
export const dedupKey = (eventId: string) => clip(`argus-${eventId}`, 255);

export function pagerDutyEvent(n: Notification, o: PagerDutyOptions) {
  const e = n.event;
  const resolve = n.kind === 'resolve' || e.state === 'resolved';
  const base = { routing_key: o.routingKey, dedup_key: dedupKey(e.id) };
  if (resolve) return { ...base, event_action: 'resolve' as const };
  return {
    ...base,
    event_action: 'trigger' as const,
    payload: {
      summary: clip(`${e.title} (${e.entity.name})`, 1024),
      source: clip(e.host ?? e.entity.name, 255),
      severity: e.type === 'test' ? ('info' as const) : e.severity === 'critical' ? ('critical' as const) : ('warning' as const),
      timestamp: iso(e.startMs),
      component: e.entity.name,
      group: e.entity.type,
      class: e.signal?.name ?? e.type,
      custom_details: {
        text: e.text,
        value: valueVsThreshold(e) ?? null,
        rootCause: e.rootCause ? `${e.rootCause.name}: ${e.rootCause.explanation}` : null,
        tags: e.tags,
      },
    },
    links: [
      ...(/^https?:\/\//.test(e.link) ? [{ href: e.link, text: 'Open in Argus' }] : []),
      ...(e.exampleTraces ?? [])
        .filter((t) => /^https?:\/\//.test(t.link))
        .map((t) => ({ href: t.link, text: clip(`Example trace: ${t.service} ${t.endpoint}${t.error ? ' (error)' : ''}`, 200) })),
    ],
  };
}

/** PagerDuty Events API v2: trigger on open, resolve on resolve, one stable dedup_key per Argus event. */
export const pagerduty: AlertChannel<PagerDutyOptions> = {
  type: 'pagerduty',
  optionsSchema: options,
  secretFields: ['routingKey'],
  send: (n, o, ctx) => postJson(o.url, JSON.stringify(pagerDutyEvent(n, o)), {}, ctx.signal),
};
