/**
 * One tracked HTTP call shared by the XHR and fetch instrumentations: decides whether to track it and whether
 * it gets a `traceparent` header (same origin or a configured origin), and reports it when it ends.
 * Status codes below zero are special: -1 network error, -2 timeout, -3 aborted.
 */
import type { Ctx } from '../core/context.js';
import { cleanUrl, cut, hex, matches, now, traceFromServerTiming } from '../core/util.js';

export const NETWORK_ERROR = -1;
export const TIMEOUT = -2;
export const ABORTED = -3;

export interface Call {
  end(status: number, serverTiming?: string | null): void;
  /** `traceparent` header value, when the call should carry one */
  tp?: string;
}

export const startCall = (ctx: Ctx, kind: 'x' | 'f', method: string, rawUrl: string): Call | undefined => {
  let abs: URL;
  try {
    abs = new URL(rawUrl, location.href);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(abs.protocol)) return undefined;
  if ((ctx.url && abs.href.indexOf(ctx.url) === 0) || matches(ctx.ignore, abs.href)) return undefined;
  const traced = abs.origin === location.origin || matches(ctx.origins, abs.origin);
  const trace = traced ? hex(16) : undefined;
  const start = now();
  const t0 = performance.now();
  const page = ctx.page;
  let done = false;
  ctx.pending++;
  return {
    tp: trace && '00-' + trace + '-' + hex(8) + '-01',
    end(status, serverTiming) {
      if (done) return;
      done = true;
      ctx.add({
        t: 'xhr',
        ts: start,
        p: page,
        k: kind,
        m: cut(method.toUpperCase(), 16),
        u: cleanUrl(abs.href, ctx.secrets),
        sc: status,
        d: Math.round(performance.now() - t0),
        bt: traceFromServerTiming(serverTiming),
        tp: trace,
      });
      if (--ctx.pending <= 0) {
        ctx.pending = 0;
        ctx.onIdle.splice(0).forEach((f) => f());
      }
    },
  };
};
