/** `argus('user', id, name, email)` and `argus('meta', key, value)` with limits. */
import type { Ctx } from '../core/context.js';
import { cut } from '../core/util.js';

const MAX_META = 25;

export const setUser = (ctx: Ctx, id?: unknown, name?: unknown, email?: unknown) => {
  const f = (v: unknown) => (v == null ? undefined : cut(v, 128));
  ctx.user = [f(id), f(name), f(email)];
};

export const setMeta = (ctx: Ctx, k: unknown, v: unknown) => {
  const key = cut(k, 64);
  if (key in ctx.meta || Object.keys(ctx.meta).length < MAX_META) ctx.meta[key] = cut(v, 1024);
};
