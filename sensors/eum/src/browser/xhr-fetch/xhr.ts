/** Patches XMLHttpRequest.prototype open/send; a `traceparent` header is added at send() when allowed. */
import type { Ctx } from '../core/context.js';
import { ABORTED, type Call, NETWORK_ERROR, startCall, TIMEOUT } from './call.js';

type Tracked = XMLHttpRequest & { _a?: [string, string]; _c?: Call; _s?: number };

export const installXhr = (ctx: Ctx) => {
  const P = XMLHttpRequest.prototype;
  // the originals, called by the wrappers below with .apply/.call(this, ...)
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called as open.apply(this, arguments)
  const open = P.open;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called as send.call(this, body)
  const send = P.send;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called as setHeader.call(this, ...)
  const setHeader = P.setRequestHeader;
  P.open = function (this: Tracked, method: string, url: string | URL) {
    try {
      this._a = [method, String(url)];
    } catch {
      /* untracked */
    }
    // eslint-disable-next-line prefer-rest-params
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  };
  P.send = function (this: Tracked, body?: Document | XMLHttpRequestBodyInit | null) {
    try {
      const a = this._a;
      const c = a && !this._c && startCall(ctx, 'x', a[0], a[1]);
      if (c) {
        this._c = c;
        if (c.tp) setHeader.call(this, 'traceparent', c.tp);
        const special = (code: number) => () => (this._s = code);
        this.addEventListener('timeout', special(TIMEOUT));
        this.addEventListener('abort', special(ABORTED));
        this.addEventListener('error', special(NETWORK_ERROR));
        this.addEventListener('loadend', () => {
          try {
            const h = /^server-timing:(.*)$/im.exec(this.getAllResponseHeaders());
            c.end(this._s || this.status || NETWORK_ERROR, h && h[1]);
          } catch {
            /* never into the page */
          } finally {
            this._c = undefined;
          }
        });
      }
    } catch {
      /* untracked */
    }
    return send.call(this, body);
  };
};
