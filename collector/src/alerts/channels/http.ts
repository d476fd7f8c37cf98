import type { DeliveryResult } from './types.js';

const TIMEOUT_MS = 10_000;
const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Retry-After as seconds or an HTTP date, in ms (capped); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  const ms = Number.isFinite(s) ? s * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** Maps an HTTP answer to a delivery result: 2xx success; 408, 429 and 5xx retryable; other statuses failures. */
export function resultOf(status: number, body: string, retryAfter: string | null): DeliveryResult {
  const detail = `HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`;
  if (status >= 200 && status < 300) return { status: 'success', detail };
  if (status === 408 || status === 429 || status >= 500)
    return { status: 'retryable', error: detail, retryAfterMs: retryAfterMs(retryAfter) };
  return { status: 'failure', error: detail };
}

/** POSTs a JSON body; network errors and timeouts are retryable; never throws. */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<DeliveryResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Argus-Alerts/1', ...headers },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
      redirect: 'error',
    });
    const text = await res.text().catch(() => '');
    return resultOf(res.status, text, res.headers.get('retry-after'));
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.cause?.code ?? e.cause?.message ?? e.message;
    return { status: 'retryable', error: signal.aborted ? 'aborted' : `request failed: ${why}` };
  }
}

/** Cuts a string to `max` characters, ending with an ellipsis when cut. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
