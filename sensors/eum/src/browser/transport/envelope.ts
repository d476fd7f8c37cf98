/** The batch body: one JSON object per request, common fields once, beacons in `b`. */
import type { Beacon, Ctx } from '../core/context.js';
import { hex, now } from '../core/util.js';
import { session } from '../session-user/session.js';

export const envelope = (ctx: Ctx, b: Beacon[], dropped: number) => {
  const u = ctx.user;
  return JSON.stringify({
    v: 1,
    k: ctx.key,
    s: session(ctx),
    pl: ctx.pl || (ctx.pl = hex(8)),
    ui: u[0],
    un: u[1],
    ue: u[2],
    m: ctx.meta,
    dr: dropped || undefined,
    n: now(),
    b,
  });
};
