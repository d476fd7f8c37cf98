/** `argus('reportEvent', name, { duration, timestamp, error, meta })`: a custom event beacon. */
import type { Ctx } from '../core/context.js';
import { cut } from '../core/util.js';

interface Opts {
  duration?: number;
  timestamp?: number;
  error?: unknown;
  meta?: Record<string, unknown>;
}

export const reportEvent = (ctx: Ctx, name: unknown, o: Opts = {}) => {
  const m: Record<string, string> = {};
  let n = 0;
  for (const k in o.meta || {}) if (n++ < 25) m[cut(k, 64)] = cut(o.meta![k], 1024);
  const e = o.error as { message?: unknown; stack?: unknown } | undefined;
  ctx.add({
    t: 'ce',
    n: cut(name, 256),
    ts: typeof o.timestamp === 'number' ? o.timestamp : undefined,
    d: typeof o.duration === 'number' && o.duration >= 0 ? Math.round(o.duration) : undefined,
    m: n ? m : undefined,
    msg: e ? cut(e.message || e, 500) : undefined,
    st: e && e.stack ? cut(e.stack, 4000) : undefined,
  });
};
