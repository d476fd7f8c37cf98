import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../module.js';
import { parseIntParam, parseRange } from '../../query/params.js';
import type { Accounts } from '../open.js';

/** GET /tenants/:tenant/audit (admins) and GET /audit (instance-wide events, instance admins). */
export function registerAuditRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const read = async (c: Context, tenant: string) => {
    const q = (k: string) => c.req.query(k);
    const { from, to } = parseRange(q, 30 * 86_400_000);
    const limit = parseIntParam(q('limit'), 200, 1, 5000, 'limit');
    const action = q('action')?.slice(0, 100) || undefined;
    return c.json({ from, to, entries: await accounts.store.audit.list(tenant, { from, to, limit, action }) });
  };
  app.get('/tenants/:tenant/audit', (c) => read(c, c.get('tenant')));
  app.get('/audit', (c) => read(c, ''));
}
