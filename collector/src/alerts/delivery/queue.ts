import type { AlertNotificationView } from '@argus/api';
import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage.js';
import { tsvMillis, tsvString } from '../../storage/tsv.js';
import { channelOf } from '../channels/registry.js';
import type { DeliveryResult, Notification, SmtpSettings } from '../channels/types.js';
import type { ChannelStore } from '../store/channel-store.js';
import { createVersionClock } from '../store/ids.js';

const N_COLUMNS = [
  'tenant',
  'id',
  'event_id',
  'channel_id',
  'kind',
  'state',
  'attempts',
  'next_attempt_at',
  'last_error',
  'payload',
  'created_at',
  'updated_at',
  'version',
];
const A_COLUMNS = ['tenant', 'notification_id', 'event_id', 'channel_id', 'time', 'attempt', 'status', 'detail', 'duration_ms'];

export interface QueueOptions {
  maxAttempts: number;
  /** first retry delay; doubles per attempt up to maxBackoffMs (with +-20 % jitter) */
  baseBackoffMs: number;
  maxBackoffMs: number;
  sendTimeoutMs: number;
  tickMs: number;
}
export const QUEUE_DEFAULTS: QueueOptions = {
  maxAttempts: 12,
  baseBackoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
  sendTimeoutMs: 20_000,
  tickMs: 100,
};

interface Item {
  tenant: string;
  channelId: string;
  n: Notification;
  attempts: number;
  nextAt: number;
  createdAt: number;
  lastError: string;
}

/** What a finished send reports (tests and the bench watch it). */
export interface DeliveryOutcome {
  notificationId: string;
  channelId: string;
  status: 'sent' | 'failed';
  attempts: number;
}

/**
 * The persistent delivery queue: one lane per channel, so a failing or rate-limited channel never delays the
 * others. Notifications are stored before the first attempt and reloaded at start (the queue survives a
 * restart); every attempt is logged; retryable failures back off exponentially (or as the receiver's
 * Retry-After says); a notification id is delivered once (later enqueues of the same id are ignored).
 * A crash after a receiver accepted a message but before it was marked sent sends it again after the restart
 * (at least once); receivers deduplicate on the id (webhook-id, PagerDuty dedup_key).
 */
export function createDeliveryQueue(
  storage: Storage,
  channels: ChannelStore,
  log: Logger,
  smtp: SmtpSettings | undefined,
  opts: QueueOptions = QUEUE_DEFAULTS,
  onOutcome: (o: DeliveryOutcome) => void = () => undefined,
) {
  const lanes = new Map<string, Item[]>();
  const busy = new Set<string>();
  const known = new Set<string>();
  const nextSlot = new Map<string, number>();
  const inflight = new Set<Promise<void>>();
  const abort = new AbortController();
  const version = createVersionClock();
  let timer: NodeJS.Timeout | undefined;

  async function persist(it: Item, state: 'pending' | 'sent' | 'failed'): Promise<void> {
    const line = [
      tsvString(it.tenant),
      tsvString(it.n.id),
      tsvString(it.n.event.id),
      tsvString(it.channelId),
      tsvString(it.n.kind),
      state,
      String(it.attempts),
      tsvMillis(it.nextAt),
      tsvString(it.lastError),
      tsvString(JSON.stringify(it.n)),
      tsvMillis(it.createdAt),
      tsvMillis(Date.now()),
      String(version()),
    ].join('\t');
    await storage.insertTsv('alert_notifications', N_COLUMNS, line + '\n');
  }

  async function logAttempt(it: Item, r: DeliveryResult, ms: number): Promise<void> {
    const detail = r.status === 'success' ? (r.detail ?? 'ok') : r.error;
    const line = [
      tsvString(it.tenant),
      tsvString(it.n.id),
      tsvString(it.n.event.id),
      tsvString(it.channelId),
      tsvMillis(Date.now()),
      String(it.attempts),
      r.status,
      tsvString(detail.slice(0, 2000)),
      String(Math.round(ms)),
    ].join('\t');
    await storage.insertTsv('alert_delivery_attempts', A_COLUMNS, line + '\n');
  }

  function push(it: Item) {
    const lane = lanes.get(it.channelId) ?? [];
    lane.push(it);
    lanes.set(it.channelId, lane);
  }

  async function attempt(it: Item, lane: Item[]): Promise<void> {
    const channel = channels.get(it.tenant, it.channelId);
    if (!channel) {
      lane.shift();
      it.lastError = 'channel deleted';
      await persist(it, 'failed');
      return;
    }
    const impl = channelOf(channel.type);
    const limit = impl.rateLimit?.(channel.options);
    it.attempts++;
    const t0 = performance.now();
    let r: DeliveryResult;
    try {
      r = await impl.send(it.n, channel.options, {
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(opts.sendTimeoutMs)]),
        smtp,
      });
    } catch (err) {
      r = { status: 'retryable', error: `channel threw: ${(err as Error).message}` };
    }
    const ms = performance.now() - t0;
    if (limit) nextSlot.set(limit.key, Date.now() + limit.intervalMs);
    if (abort.signal.aborted && r.status !== 'success') {
      it.attempts--; // shutting down: not a real attempt; the item stays pending for the next start
      return;
    }
    await logAttempt(it, r, ms).catch((err: unknown) => log.warn({ err }, 'delivery log write failed'));
    if (r.status === 'success' || r.status === 'failure' || it.attempts >= opts.maxAttempts) {
      lane.shift();
      const state = r.status === 'success' ? 'sent' : 'failed';
      it.lastError = r.status === 'success' ? '' : r.error;
      await persist(it, state);
      if (state === 'failed') log.warn({ channel: it.channelId, notification: it.n.id, error: it.lastError }, 'notification failed');
      onOutcome({ notificationId: it.n.id, channelId: it.channelId, status: state, attempts: it.attempts });
      return;
    }
    const backoff = Math.min(opts.maxBackoffMs, opts.baseBackoffMs * 2 ** (it.attempts - 1)) * (0.8 + Math.random() * 0.4);
    it.nextAt = Date.now() + Math.max(backoff, r.retryAfterMs ?? 0);
    it.lastError = r.error;
    if (limit && r.retryAfterMs !== undefined) nextSlot.set(limit.key, it.nextAt);
    await persist(it, 'pending');
  }

  function tick() {
    const now = Date.now();
    for (const [channelId, lane] of lanes) {
      const head = lane[0];
      if (!head || busy.has(channelId) || head.nextAt > now) continue;
      const channel = channels.get(head.tenant, channelId);
      const limit = channel ? channelOf(channel.type).rateLimit?.(channel.options) : undefined;
      if (limit && (nextSlot.get(limit.key) ?? 0) > now) continue;
      busy.add(channelId);
      const p = attempt(head, lane)
        .catch((err: unknown) => log.error({ err, channel: channelId }, 'delivery failed unexpectedly'))
        .finally(() => {
          busy.delete(channelId);
          inflight.delete(p);
        });
      inflight.add(p);
    }
  }

  return {
    /** reloads pending notifications (after a restart) and starts sending */
    async start(): Promise<void> {
      const rows = await storage.query<{
        tenant: string;
        channel_id: string;
        payload: string;
        attempts: number;
        next_ms: string;
        created_ms: string;
        state: string;
      }>(
        `SELECT tenant, channel_id, payload, attempts, toString(toUnixTimestamp64Milli(next_attempt_at)) AS next_ms,
           toString(toUnixTimestamp64Milli(created_at)) AS created_ms, state
         FROM alert_notifications FINAL WHERE created_at >= now() - INTERVAL 2 DAY ORDER BY created_at`,
      );
      for (const r of rows) {
        const n = JSON.parse(r.payload) as Notification;
        known.add(n.id);
        if (r.state !== 'pending') continue;
        push({
          tenant: r.tenant,
          channelId: r.channel_id,
          n,
          attempts: Number(r.attempts),
          nextAt: Number(r.next_ms),
          createdAt: Number(r.created_ms),
          lastError: '',
        });
      }
      timer = setInterval(tick, opts.tickMs);
      timer.unref();
    },
    /** queues a notification for a channel (ignored when this id was queued before); resolves once stored */
    async enqueue(tenant: string, channelId: string, n: Notification): Promise<boolean> {
      if (known.has(n.id)) return false;
      known.add(n.id);
      const it: Item = { tenant, channelId, n, attempts: 0, nextAt: Date.now(), createdAt: Date.now(), lastError: '' };
      await persist(it, 'pending');
      push(it);
      tick();
      return true;
    },
    pending: () => [...lanes.values()].reduce((s, l) => s + l.length, 0),
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      abort.abort();
      await Promise.allSettled([...inflight]);
    },
  };
}

export type DeliveryQueue = ReturnType<typeof createDeliveryQueue>;

/** The delivery log of a notification or an event, newest first. */
export async function deliveryLog(
  storage: Storage,
  tenant: string,
  f: { eventId?: string; channelId?: string; limit: number },
): Promise<AlertNotificationView[]> {
  const where = ['tenant = {tenant:String}'];
  if (f.eventId) where.push('event_id = {eventId:String}');
  if (f.channelId) where.push('channel_id = {channelId:String}');
  const [notifications, attempts] = await Promise.all([
    storage.query<{
      id: string;
      event_id: string;
      channel_id: string;
      kind: AlertNotificationView['kind'];
      state: AlertNotificationView['state'];
      attempts: number;
      last_error: string;
      created_ms: string;
      updated_ms: string;
    }>(
      `SELECT id, event_id, channel_id, kind, state, attempts, last_error, toString(toUnixTimestamp64Milli(created_at)) AS created_ms,
         toString(toUnixTimestamp64Milli(updated_at)) AS updated_ms FROM alert_notifications FINAL WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC LIMIT {limit:UInt32}`,
      { tenant, ...f },
    ),
    storage.query<{
      notification_id: string;
      time_ms: string;
      attempt: number;
      status: AlertNotificationView['log'][number]['status'];
      detail: string;
      duration_ms: number;
    }>(
      `SELECT notification_id, toString(toUnixTimestamp64Milli(time)) AS time_ms, attempt, status, detail, duration_ms
       FROM alert_delivery_attempts WHERE ${where.join(' AND ')} ORDER BY time LIMIT 10000`,
      { tenant, ...f },
    ),
  ]);
  return notifications.map((n) => ({
    id: n.id,
    eventId: n.event_id,
    channelId: n.channel_id,
    kind: n.kind,
    state: n.state,
    attempts: Number(n.attempts),
    lastError: n.last_error || null,
    createdAt: Number(n.created_ms),
    updatedAt: Number(n.updated_ms),
    log: attempts
      .filter((a) => a.notification_id === n.id)
      .map((a) => ({
        time: Number(a.time_ms),
        attempt: Number(a.attempt),
        status: a.status,
        detail: a.detail,
        durationMs: Number(a.duration_ms),
      })),
  }));
}
