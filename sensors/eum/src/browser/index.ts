/**
 * Argus EUM entry point. The snippet defines `window.argus` as a queue; this script replays the queued
 * commands, installs every feature and replaces the queue with a direct call. It does nothing (silently) when
 * the browser lacks what it needs, when no key/reportingUrl was configured, or when it was loaded twice.
 */
import { createCtx } from './core/context.js';
import { runCommand } from './core/commands.js';
import { safe, win } from './core/util.js';
import { installErrors } from './errors/index.js';
import { installPageLoad } from './page-load/index.js';
import { installResources } from './resources/index.js';
import { installSpa, pageFromUrl } from './spa/index.js';
import { installTransport } from './transport/index.js';
import { installFetch } from './xhr-fetch/fetch.js';
import { installXhr } from './xhr-fetch/xhr.js';

type Queue = ((...a: unknown[]) => void) & { q?: ArrayLike<unknown>[]; l?: number; v?: string };

safe(() => {
  const w = win as unknown as { argus?: Queue; JSON?: JSON };
  const g = w.argus;
  if (!g || g.v || !w.JSON || !win.addEventListener || !(navigator.sendBeacon || win.fetch)) return;
  const ctx = createCtx();
  const run = safe((a: ArrayLike<unknown>) => runCommand(ctx, a));
  (g.q || []).forEach(run);
  if (!ctx.key || !ctx.url) return;
  if (!ctx.page) ctx.page = pageFromUrl();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the fetch wrapper calls the original with the page's own `this`
  const rawFetch = win.fetch;
  installTransport(ctx, rawFetch && rawFetch.bind(win));
  ctx.reportError = installErrors(ctx);
  installPageLoad(ctx);
  installResources(ctx);
  if (win.XMLHttpRequest) installXhr(ctx);
  if (rawFetch) installFetch(ctx, rawFetch);
  installSpa(ctx);
  const api: Queue = (...a: unknown[]) => run(a);
  api.v = '1';
  w.argus = api;
})();
