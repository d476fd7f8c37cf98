/**
 * Batched beacon transport: beacons are queued and sent together after `ctx.delay` ms, or at once when the page
 * is hidden. `navigator.sendBeacon` (text/plain, no preflight) first, `fetch(..., { keepalive })` as fallback.
 * A token bucket caps the beacon rate so a broken page cannot flood the collector; drops are counted and reported.
 */
import type { Beacon, Ctx } from '../core/context.js';
import { doc, now, safe, win } from '../core/util.js';
import { envelope } from './envelope.js';

const MAX_BATCH = 30;
const MAX_BODY = 60_000;
const BURST = 100;
const PER_SECOND = 1;

export const installTransport = (ctx: Ctx, rawFetch: typeof fetch | undefined) => {
  let queue: Beacon[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tokens = BURST;
  let last = now();
  let dropped = 0;
  let hidden = false;
  let hiddenOnce = false;
  const endpoint = ctx.url!.replace(/\/+$/, '') + '/eum/v1/beacons';

  const send = (body: string) => {
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
    } catch {
      /* fall through to fetch */
    }
    if (rawFetch) rawFetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit' }).catch(() => {});
  };

  let flushing = false;
  const flush = safe(() => {
    clearTimeout(timer);
    timer = undefined;
    if (flushing) return;
    flushing = true;
    try {
      ctx.beforeFlush.forEach((f) => f());
      while (queue.length) {
        let n = Math.min(queue.length, MAX_BATCH);
        let body = envelope(ctx, queue.slice(0, n), dropped);
        while (body.length > MAX_BODY && n > 1) body = envelope(ctx, queue.slice(0, (n = n >> 1)), dropped);
        queue = queue.slice(n);
        dropped = 0;
        if (body.length <= MAX_BODY) send(body);
      }
    } finally {
      flushing = false;
    }
  });

  ctx.add = safe((b: Beacon) => {
    const t = now();
    tokens = Math.min(BURST, tokens + ((t - last) / 1000) * PER_SECOND);
    last = t;
    if (tokens < 1) {
      dropped++;
      return;
    }
    tokens--;
    b.ts = b.ts || t;
    if (b.p === undefined) b.p = ctx.page;
    queue.push(b);
    if (flushing) return;
    if (hidden || queue.length >= MAX_BATCH) flush();
    else if (!timer) timer = setTimeout(flush, ctx.delay);
  });

  const hide = safe(() => {
    hidden = true;
    if (!hiddenOnce) {
      hiddenOnce = true;
      ctx.onHide.forEach((f) => f());
    }
    flush();
  });
  doc.addEventListener(
    'visibilitychange',
    safe(() => (doc.visibilityState === 'hidden' ? hide() : (hidden = false))),
  );
  win.addEventListener('pagehide', hide);
  return flush;
};
