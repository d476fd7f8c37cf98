/**
 * SPA page changes: history.pushState/replaceState, popstate and hashchange produce a `pc` beacon when the page
 * name changes (the path plus the hash, unless the app names pages itself with `argus('page', name)`, which
 * turns URL-based detection off). The transition lasts until the next frame after the XHR/fetch calls in
 * flight have finished (at most 10 s).
 */
import type { Ctx } from '../core/context.js';
import { cleanUrl, now, safe, win } from '../core/util.js';

export const pageFromUrl = () => location.pathname + location.hash;

const nextFrame = (cb: () => void) => {
  let done = false;
  const f = () => {
    if (!done) {
      done = true;
      cb();
    }
  };
  if ('requestAnimationFrame' in win) requestAnimationFrame(() => setTimeout(f, 0));
  setTimeout(f, 100);
};

export const installSpa = (ctx: Ctx) => {
  const change = (name: string, ty: string) => {
    const from = ctx.page;
    if (name === from) return;
    ctx.page = name;
    const start = now();
    const url = cleanUrl(location.href, ctx.secrets);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      ctx.add({ t: 'pc', ts: start, p: name, fp: from, u: url, ty, d: now() - start });
    };
    const settle = () => (ctx.pending ? ctx.onIdle.push(() => nextFrame(end)) : end());
    nextFrame(settle);
    setTimeout(end, 10_000);
  };
  const auto = safe((ty: string) => {
    if (ctx.autoPage && !ctx.manualPage) change(pageFromUrl(), ty);
  });
  ctx.setPage = (name) => {
    ctx.manualPage = true;
    change(name, 'm');
  };
  const h = history;
  (['pushState', 'replaceState'] as const).forEach((m) => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the wrapper below calls it with .apply(this, a)
    const orig = h[m];
    if (typeof orig !== 'function') return;
    h[m] = function (this: History, ...a: Parameters<History['pushState']>) {
      const r = orig.apply(this, a);
      auto(m[0]);
      return r;
    };
  });
  win.addEventListener('popstate', () => auto('o'));
  win.addEventListener('hashchange', () => auto('h'));
};
