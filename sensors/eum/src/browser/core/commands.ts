/** The `argus(command, ...args)` API, the same before (queued by the snippet) and after the script loads. */
import { reportEvent } from '../custom-events/index.js';
import { setMeta, setUser } from '../session-user/commands.js';
import type { Ctx, Matcher } from './context.js';

const list = (v: unknown): Matcher[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is Matcher => typeof x === 'string' || x instanceof RegExp);

export const runCommand = (ctx: Ctx, a: ArrayLike<unknown>) => {
  const [c, x, y, z] = Array.prototype.slice.call(a) as unknown[];
  if (c === 'key') ctx.key = String(x);
  else if (c === 'reportingUrl') ctx.url = String(x).replace(/\/+$/, '');
  else if (c === 'page') {
    if (ctx.setPage) ctx.setPage(String(x));
    else {
      ctx.page = String(x);
      ctx.manualPage = true;
    }
  } else if (c === 'user') setUser(ctx, x, y, z);
  else if (c === 'meta') setMeta(ctx, x, y);
  else if (c === 'reportEvent') reportEvent(ctx, x, y as object);
  else if (c === 'reportError' && ctx.reportError) ctx.reportError(x);
  else if (c === 'allowedOrigins') ctx.origins = list(x);
  else if (c === 'ignoreUrls') ctx.ignore = list(x);
  else if (c === 'secrets') ctx.secrets = list(x);
  else if (c === 'autoPageDetection') ctx.autoPage = !!x;
  else if (c === 'sessionInactivityTimeout' && +x! > 0) ctx.idle = +x!;
  else if (c === 'beaconBatchingTime' && +x! >= 0) ctx.delay = +x!;
};
