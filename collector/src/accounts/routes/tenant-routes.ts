import { accountRoutes as r } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { DEFAULT_TENANT, type Tenant } from '../../tenants/tenant-store.js';
import type { Accounts } from '../open.js';
import { principalOf } from '../principal.js';
import { iso } from './http.js';

const view = (t: Tenant, role?: string) => ({ id: t.id, name: t.name, createdAt: iso(t.createdAt), ...(role ? { role } : {}) });

/** Tenants (instance admins create and delete, owners rename) and their ingest keys (admins). */
export function registerTenantRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { tenants, store } = accounts;
  const body = 'INVALID_BODY';

  apiRoute(app, r.listTenants, ({ c }) => {
    const p = principalOf(c);
    if (p.instanceAdmin) return { tenants: tenants.list().map((t) => view(t, 'owner')) };
    const mine =
      p.kind === 'token'
        ? [{ tenant: p.tokenTenant ?? '', role: p.role ?? 'viewer' }]
        : store.membershipsOf(p.id).map((m) => ({ tenant: m.tenant, role: m.role }));
    return {
      tenants: mine.flatMap(({ tenant, role }) => {
        const t = tenants.get(tenant);
        return t ? [view(t, role)] : [];
      }),
    };
  });

  apiRoute(app, { ...r.createTenant, bodyErrorCode: body }, async ({ body: b, c }) => {
    const p = principalOf(c);
    const t = await tenants.create(b);
    if (p.kind === 'user') await store.setMembership(t.id, p.id, 'owner');
    await accounts.audit(c, { tenant: '', action: 'tenant.created', target: { type: 'tenant', id: t.id }, details: { name: t.name } });
    await accounts.audit(c, { tenant: t.id, action: 'tenant.created', target: { type: 'tenant', id: t.id }, details: { name: t.name } });
    return view(t);
  });

  apiRoute(app, r.getTenant, ({ tenant, c }) => view(tenants.get(tenant)!, principalOf(c).role));

  apiRoute(app, { ...r.renameTenant, bodyErrorCode: body }, async ({ tenant, body: b, c }) => {
    const before = tenants.get(tenant)!;
    const t = await tenants.rename(before.id, b.name);
    await accounts.audit(c, { action: 'tenant.renamed', target: { type: 'tenant', id: t.id }, details: { from: before.name, to: b.name } });
    return view(t);
  });

  apiRoute(app, r.deleteTenant, async ({ tenant, c }) => {
    if (tenant === DEFAULT_TENANT) throw new ArgusError('TENANT_PROTECTED', 'the default tenant cannot be deleted', 400);
    await tenants.markDeleted(tenant);
    await accounts.audit(c, { tenant: '', action: 'tenant.deleted', target: { type: 'tenant', id: tenant } });
    return { id: tenant, status: 'deleting' as const, purgeAfterMs: accounts.config.purgeDelayMs };
  });

  apiRoute(app, r.listIngestKeys, ({ tenant }) => ({ keys: tenants.listKeys(tenant) }));

  apiRoute(app, { ...r.createIngestKey, bodyErrorCode: body }, async ({ tenant, body: b, c }) => {
    const k = await tenants.createKey(tenant, b.name, principalOf(c).name);
    await accounts.audit(c, { action: 'ingest_key.created', target: { type: 'ingest_key', id: k.id }, details: { name: b.name } });
    return { ...k.view, key: k.key };
  });

  apiRoute(app, r.revokeIngestKey, async ({ tenant, params, c }) => {
    const k = await tenants.revokeKey(tenant, params.id);
    if (!k) throw new ArgusError('INGEST_KEY_NOT_FOUND', 'ingest key not found', 404);
    await accounts.audit(c, { action: 'ingest_key.revoked', target: { type: 'ingest_key', id: params.id }, details: { name: k.name } });
    return k;
  });
}
