/**
 * Session id kept in localStorage (sessionStorage, then memory, when storage is blocked): a new id after
 * `ctx.idle` ms without beacons or after 24 h. Stored as `id|start|lastActivity`.
 */
import type { Ctx } from '../core/context.js';
import { hex, now } from '../core/util.js';

const KEY = 'argus_s';
const MAX_AGE = 864e5;

type Store = NonNullable<Ctx['st']>;
/** localStorage, else sessionStorage (both throw when blocked); read lazily, at the first flush */
const store = (): Store | undefined => {
  for (const n of ['localStorage', 'sessionStorage'] as const) {
    try {
      const s = window[n];
      s.getItem(KEY);
      return s;
    } catch {
      /* blocked: try the next one */
    }
  }
  return undefined;
};

export const session = (ctx: Ctx) => {
  if (ctx.st === undefined) ctx.st = store() || null;
  const t = now();
  let v = ctx.ss;
  try {
    if (ctx.st) v = ctx.st.getItem(KEY) || undefined;
  } catch {
    /* keep the in-memory value */
  }
  const [id, start, last] = (v || '').split('|');
  const fresh = id && t - +last < ctx.idle && t - +start < MAX_AGE;
  ctx.ss = (fresh ? id + '|' + start : hex(8) + '|' + t) + '|' + t;
  try {
    if (ctx.st) ctx.st.setItem(KEY, ctx.ss);
  } catch {
    /* memory only */
  }
  return ctx.ss.split('|')[0];
};
