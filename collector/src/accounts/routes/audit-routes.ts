import { accountRoutes as r } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import type { Accounts } from '../open.js';

const THIRTY_DAYS = 30 * 86_400_000;

/** GET /tenants/:tenant/audit (admins) and GET /audit (instance-wide events, instance admins). */
export function registerAuditRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const read = async (tenant: string, q: { from?: number; to?: number; limit: number; action?: string }) => {
    const to = q.to ?? Date.now();
    const from = q.from ?? to - THIRTY_DAYS;
    if (from > to) throw new ArgusError('INVALID_PARAM', 'from must not be after to', 400);
    return { from, to, entries: await accounts.store.audit.list(tenant, { from, to, limit: q.limit, action: q.action }) };
  };
  apiRoute(app, r.tenantAudit, ({ tenant, query }) => read(tenant, query));
  apiRoute(app, r.instanceAudit, ({ query }) => read('', query));
}
