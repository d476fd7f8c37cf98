/** Retry policy: which answers are retryable and how long to wait (Retry-After first, else exponential backoff). */

/** 429/502/503/504/408 and 5xx are transient; 401/403 may be fixed by a config reload (new key), so retried too. */
export function classifyStatus(status: number): 'ok' | 'retry' | 'reject' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 429 || status >= 500 || status === 401 || status === 403) return 'retry';
  return 'reject';
}

/** Parses Retry-After (delta seconds or HTTP date) into ms; undefined when absent or unparsable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** attempt 1 -> min, doubling up to max, with +-20% jitter so many agents do not retry in lockstep. */
export function backoffMs(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
