/** Small helpers shared by every feature; none of them throws. */
import type { Matcher } from './context.js';

export const win = window;
export const doc = document;
export const perf = win.performance;
export const now = () => Date.now();
export const round = (n: number) => Math.round(n);

/** run `fn`, swallowing anything it throws: the page must never see our errors */
export const safe =
  <A extends unknown[]>(fn: (...a: A) => void) =>
  (...a: A) => {
    try {
      fn(...a);
    } catch {
      /* never into the page */
    }
  };

/** `n` random bytes as lower-case hex */
export const hex = (n: number) => {
  const b = new Uint8Array(n);
  const c = win.crypto;
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < n; i++) b[i] = (Math.random() * 256) | 0;
  let s = '';
  for (let i = 0; i < n; i++) s += (b[i] + 256).toString(16).slice(1);
  return s;
};

export const matches = (list: Matcher[], s: string) => list.some((m) => (typeof m === 'string' ? s.indexOf(m) === 0 : m.test(s)));

export const cut = (s: unknown, n: number) => String(s).slice(0, n);

/** absolute URL without credentials, secret query values redacted */
export const cleanUrl = (u: string, secrets: Matcher[]) => {
  try {
    const x = new URL(u, location.href);
    const q = x.search.replace(/([?&])([^=&]+)=([^&]*)/g, (m, sep: string, k: string) =>
      matches(secrets, decodeURIComponent(k)) ? sep + k + '=<redacted>' : m,
    );
    return cut(x.origin + x.pathname + q + x.hash, 1000);
  } catch {
    return cut(u, 1000);
  }
};

/** trace id from a Server-Timing value: `traceparent;desc="00-<trace>-<span>-01"` or Instana's `intid;desc=<id>` */
export const traceFromServerTiming = (v: string | null | undefined) => {
  const m = v && /(?:traceparent;\s*desc="?00-|intid;\s*desc="?)([0-9a-f]{16,32})/i.exec(v);
  return m ? m[1].toLowerCase() : undefined;
};

/** a cheap CSS-like description of an element: `div#main>img.hero` */
export const sel = (n: unknown): string | undefined => {
  const d = (e: Element) => {
    const c = typeof e.className === 'string' && e.className.trim().split(/\s+/)[0];
    return e.tagName.toLowerCase() + (e.id ? '#' + e.id : c ? '.' + c : '');
  };
  if (!(n instanceof Element)) return undefined;
  const p = n.parentElement;
  return cut((p ? d(p) + '>' : '') + d(n), 200);
};
