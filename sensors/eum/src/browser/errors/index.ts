/**
 * Uncaught errors and unhandled rejections (plus `argus('reportError', error)`): deduplicated by message and
 * stack; the first occurrence is reported at once, repeats are counted and reported as one beacon with the count
 * at the next flush. At most 100 distinct errors per page load; message and stack are truncated.
 */
import type { Ctx } from '../core/context.js';
import { cut, safe, win } from '../core/util.js';

const MAX_DISTINCT = 100;
interface Seen {
  msg: string;
  st?: string;
  ty: string;
  /** repeats not yet reported */
  c: number;
}

export const installErrors = (ctx: Ctx) => {
  const seen: Record<string, Seen> = {};
  let distinct = 0;

  const report = safe((err: unknown, fallback: unknown, ty: string) => {
    const e = err as { message?: unknown; stack?: unknown; name?: unknown } | undefined;
    const msg = cut((e && e.message) || fallback || err, 500);
    const st = e && e.stack ? cut(e.stack, 4000) : undefined;
    const id = msg + '|' + (st || '');
    const s = seen[id];
    if (s) {
      s.c++;
      return;
    }
    if (distinct >= MAX_DISTINCT) return;
    distinct++;
    seen[id] = { msg, st, ty, c: 0 };
    ctx.add({ t: 'err', msg, st, ty, n: e && typeof e.name === 'string' ? cut(e.name, 64) : undefined, c: 1 });
  });

  ctx.beforeFlush.push(() => {
    for (const id in seen) {
      const s = seen[id];
      const c = s.c;
      s.c = 0;
      if (c) ctx.add({ t: 'err', msg: s.msg, st: s.st, ty: s.ty, c });
    }
  });
  win.addEventListener('error', (e: ErrorEvent) => {
    if (e instanceof ErrorEvent) report(e.error, e.message, 'error');
  });
  win.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => report(e.reason, undefined, 'rejection'));
  return (err: unknown) => report(err, undefined, 'manual');
};
