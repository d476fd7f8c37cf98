/**
 * Delivers spooled payloads strictly in order, one at a time: a payload is removed from the spool only
 * after the collector accepted it (2xx) or rejected it for good (4xx other than 401/403/408/429). Network
 * errors, 429/5xx wait Retry-After (capped at 5 minutes) or an exponential backoff, then retry the same payload.
 */
import type { Logger } from 'pino';
import { header, httpRequest } from '../http-client.js';
import { backoffMs, classifyStatus, retryAfterMs } from './retry.js';
import type { Spool, SpoolRecord } from './spool.js';

export interface SenderTarget {
  endpoint: string;
  key: string;
  requestTimeoutMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

export interface SenderStats {
  sentRecords: number;
  sentPoints: number;
  sentBytes: number;
  rejectedRecords: number;
  failedAttempts: number;
  /** true while the last attempt failed */
  backingOff: boolean;
}

export interface Sender {
  /** wake the loop after an append */
  kick(): void;
  stats(): SenderStats;
  /** waits until the spool is empty or the timeout passes; true when drained */
  drain(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

const PATHS = { metrics: '/v1/metrics', traces: '/v1/traces', entities: '/v1/agent/entities' } as const;
const MAX_RETRY_AFTER_MS = 300_000;

function headersFor(rec: SpoolRecord, key: string): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': rec.kind === 'entities' ? 'application/json' : 'application/x-protobuf',
    'content-encoding': 'gzip',
  };
  if (key) h.authorization = `Bearer ${key}`;
  return h;
}

export function startSender(spool: Spool, target: () => SenderTarget, log: Logger): Sender {
  const stats: SenderStats = { sentRecords: 0, sentPoints: 0, sentBytes: 0, rejectedRecords: 0, failedAttempts: 0, backingOff: false };
  let running = true;
  const halt = new AbortController();
  let wake: (() => void) | undefined;
  let attempt = 0;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = undefined;
        resolve();
      };
    });

  /** returns ms to wait before the next attempt (0 = go on) */
  const sendOne = async (rec: SpoolRecord): Promise<number> => {
    const t = target();
    const body = spool.read(rec);
    if (!body) {
      spool.remove(rec);
      return 0;
    }
    let status: number;
    let retryAfter: string | null = null;
    let detail = '';
    try {
      const res = await httpRequest({
        method: 'POST',
        url: `${t.endpoint.replace(/\/+$/, '')}${PATHS[rec.kind]}`,
        headers: headersFor(rec, t.key),
        body,
        timeoutMs: t.requestTimeoutMs,
        signal: halt.signal,
      });
      status = res.status;
      retryAfter = header(res, 'retry-after');
      detail = status >= 300 ? res.body.toString('utf8', 0, 300) : '';
    } catch (err) {
      status = 0;
      detail = (err as Error).message;
    }
    if (status === 0 && !running) return 0; // aborted by stop(): the payload stays spooled for the next start
    const verdict = status === 0 ? 'retry' : classifyStatus(status);
    if (verdict === 'ok') {
      if (stats.backingOff) log.info({ attempts: attempt }, 'collector reachable again; replaying spool');
      spool.remove(rec);
      stats.sentRecords++;
      stats.sentPoints += rec.points;
      stats.sentBytes += rec.size;
      stats.backingOff = false;
      attempt = 0;
      return 0;
    }
    if (verdict === 'reject') {
      log.error({ status, kind: rec.kind, detail }, 'collector rejected a payload; dropped');
      spool.remove(rec);
      stats.rejectedRecords++;
      return 0;
    }
    attempt++;
    stats.failedAttempts++;
    const wait = Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(retryAfter) ?? backoffMs(attempt, t.minBackoffMs, t.maxBackoffMs));
    if (!stats.backingOff || attempt % 10 === 0) log.warn({ status, detail, wait, attempt }, 'collector unavailable; spooling');
    stats.backingOff = true;
    return wait;
  };

  const loop = (async () => {
    while (running) {
      const rec = spool.peek();
      if (!rec) {
        await sleep(60_000);
        continue;
      }
      const wait = await sendOne(rec);
      if (wait > 0 && running) await sleep(wait);
    }
  })();

  return {
    kick: () => {
      if (!stats.backingOff) wake?.();
    },
    stats: () => ({ ...stats }),
    async drain(timeoutMs) {
      const until = Date.now() + timeoutMs;
      while (spool.peek() && Date.now() < until) {
        if (!stats.backingOff) wake?.();
        await new Promise((r) => setTimeout(r, 50));
      }
      return !spool.peek();
    },
    async stop() {
      running = false;
      wake?.();
      // let an in-flight request finish (so it is not delivered twice after a restart), but not forever
      const grace = setTimeout(() => halt.abort(), 2000);
      await loop;
      clearTimeout(grace);
    },
  };
}
