import type { z } from 'zod';

export type Severity = 'warning' | 'critical';

/** What a notification is about: an incident, an issue, or a channel test. Channel-neutral; each channel renders it. */
export interface NotificationEvent {
  id: string;
  type: 'incident' | 'issue' | 'test';
  state: 'open' | 'resolved';
  severity: Severity;
  title: string;
  /** one paragraph: what breached and since when */
  text: string;
  suggestion?: string;
  startMs: number;
  endMs?: number;
  entity: { id: string; type: string; name: string };
  /** host name of the entity, when known (Instana's `fqdn`) */
  host?: string;
  signal?: { name: string; value: number | null; threshold: number | null; unit: string };
  rootCause?: { name: string; entityId: string; explanation: string };
  tags: Record<string, string>;
  /** the Argus page of the event */
  link: string;
  /** incidents: traces that show the problem, each with its Argus link */
  exampleTraces?: Array<{ traceId: string; service: string; endpoint: string; error: boolean; link: string }>;
}

/** One message to one channel. `id` is stable across retries and restarts (receivers deduplicate on it). */
export interface Notification {
  id: string;
  kind: 'open' | 'resolve' | 'renotify' | 'test';
  event: NotificationEvent;
}

export type DeliveryResult =
  | { status: 'success'; detail?: string }
  | { status: 'failure'; error: string }
  | { status: 'retryable'; error: string; retryAfterMs?: number };

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://... */
  url: string;
  from: string;
}

export interface SendContext {
  signal: AbortSignal;
  /** the collector's SMTP settings (ARGUS_SMTP_URL, ARGUS_SMTP_FROM), for the e-mail channel */
  smtp?: SmtpSettings;
}

/**
 * An alert channel: one folder under channels/, one entry in the registry. `send` never throws: it answers
 * success, failure (do not retry) or retryable (with the receiver's Retry-After when it gave one).
 */
export interface AlertChannel<O = unknown> {
  type: string;
  /** validates the channel's options (everything in the create body except type and name) */
  optionsSchema: z.ZodType<O>;
  /** option names shown redacted in GET answers and YAML exports */
  secretFields: readonly string[];
  /** at most one message per `intervalMs` per key (Slack: one per second per webhook) */
  rateLimit?(options: O): { key: string; intervalMs: number };
  /** fills in defaults a new channel needs (e.g. a signing secret) */
  prepare?(options: O): O;
  send(notification: Notification, options: O, ctx: SendContext): Promise<DeliveryResult>;
}
