import type { Span } from '@opentelemetry/api';
import type { ServerResponse } from 'node:http';

function appendToken(existing: unknown, token: string): string {
  const current = Array.isArray(existing) ? existing.join(', ') : typeof existing === 'string' ? existing : '';
  if (!current) return token;
  return current.toLowerCase().includes(token.toLowerCase()) ? current : `${current}, ${token}`;
}

/**
 * Called when the server span starts, before the app writes anything: sets
 * `Server-Timing: traceparent;desc="00-<trace-id>-<span-id>-01"` so the browser script can link the page
 * load or XHR to this trace. Cross-origin requests (they carry `Origin`) also get `Timing-Allow-Origin` and
 * `Access-Control-Expose-Headers: Server-Timing` so the page may read it; same-origin requests skip both
 * (two header writes saved on the hot path). Never throws.
 */
export function setServerTiming(span: Span, res: ServerResponse, crossOrigin: boolean): void {
  if (res.headersSent) return;
  try {
    const sc = span.spanContext();
    const entry = `traceparent;desc="00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 1) === 1 ? '01' : '00'}"`;
    res.setHeader('Server-Timing', entry);
    if (crossOrigin) {
      res.setHeader('Timing-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', appendToken(res.getHeader('access-control-expose-headers'), 'Server-Timing'));
    }
  } catch {
    // a response that refuses headers must still be served
  }
}
