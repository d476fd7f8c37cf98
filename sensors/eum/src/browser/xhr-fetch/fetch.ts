/** Wraps `window.fetch`; the original is called exactly as the page asked, plus a `traceparent` header when allowed. */
import type { Ctx } from '../core/context.js';
import { win } from '../core/util.js';
import { ABORTED, type Call, NETWORK_ERROR, startCall } from './call.js';

export const installFetch = (ctx: Ctx, raw: typeof fetch) => {
  win.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    let call: Call | undefined;
    let args: [RequestInfo | URL, RequestInit?] = [input, init];
    try {
      const req = input instanceof Request ? input : undefined;
      call = startCall(ctx, 'f', (init && init.method) || (req ? req.method : 'GET'), input instanceof Request ? input.url : String(input));
      if (call && call.tp) {
        const h = new Headers((init && init.headers) || (req && req.headers) || undefined);
        if (!h.has('traceparent')) h.set('traceparent', call.tp);
        args = [input, { ...init, headers: h }];
      }
    } catch {
      call = undefined;
      args = [input, init];
    }
    const p = raw.apply(this, args);
    if (call) {
      const c = call;
      p.then(
        (r) => c.end(r.status, r.headers.get('server-timing')),
        (e: unknown) => c.end(e instanceof DOMException && e.name === 'AbortError' ? ABORTED : NETWORK_ERROR),
      );
    }
    return p;
  };
};
