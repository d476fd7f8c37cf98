/**
 * Session id kept in localStorage (sessionStorage, then memory, when storage is blocked): a new id after
 * `ctx.idle` ms without beacons or after 24 h. Stored as `id|start|lastActivity`.
 */
import type { Ctx } from '../core/context.js';
import { hex, now } from '../core/util.js';

const KEY = 'argus_s';
const MAX_AGE = 864e5;

type Store = NonNullable<Ctx['st']>;
/** localStorage, else sessionStorage (both throw when blocked), with the stored value; read at the first flush */
const open = (): [Store, string | null] | undefined => {
  for (const n of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = window[n];
      return [s, s.getItem(KEY)];
    } catch {
      /* blocked: try the next one */
    }
  }
  return undefined;
};

export const session = (ctx: Ctx) => {
  let v = ctx.ss;
  if (ctx.st === undefined) {
    const o = open();
    ctx.st = o ? o[0] : null;
    if (o) v = o[1] || undefined;
  } else {
    try {
      if (ctx.st) v = ctx.st.getItem(KEY) || undefined;
    } catch {
      /* keep the in-memory value */
    }
  }
  const t = now();
  const [id, start, last] = (v || '').split('|');
  const fresh = id && t - +last < ctx.idle && t - +start < MAX_AGE;
  ctx.ss = (fresh ? id + '|' + start : hex(8) + '|' + String(t)) + '|' + String(t);
  try {
    if (ctx.st) ctx.st.setItem(KEY, ctx.ss);
  } catch {
    /* memory only */
  }
  return ctx.ss.split('|')[0];
};
