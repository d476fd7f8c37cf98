import { iso } from '../format.js';
import type { Notification } from '../types.js';

/**
 * The documented JSON body of the webhook channel (docs/alerts.md): Instana's webhook fields (id, type, state,
 * start, end, severity, text, suggestion, link, zone, fqdn, entity, tags) plus title, signal, root cause and the
 * notification's own id and kind.
 */
export function webhookBody(n: Notification) {
  const e = n.event;
  return {
    id: e.id,
    type: e.type,
    state: n.kind === 'resolve' ? 'resolved' : e.state,
    severity: e.severity,
    title: e.title,
    text: e.text,
    suggestion: e.suggestion ?? null,
    start: iso(e.startMs),
    end: e.endMs === undefined ? null : iso(e.endMs),
    entity: e.entity,
    fqdn: e.host ?? null,
    zone: e.tags.zone ?? null,
    signal: e.signal ?? null,
    rootCause: e.rootCause ?? null,
    exampleTraces: e.exampleTraces ?? [],
    tags: e.tags,
    link: e.link,
    notification: { id: n.id, kind: n.kind },
  };
}
