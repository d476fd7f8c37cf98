import type { Hono } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { DEFAULT_TENANT, type Tenant } from '../../tenants/tenant-store.js';
import type { Accounts } from '../open.js';
import { principalOf } from '../principal.js';
import { keyCreateBody, tenantCreateBody, tenantUpdateBody } from '../schemas.js';
import { iso, jsonBody, pathId } from './http.js';

const view = (t: Tenant, role?: string) => ({ id: t.id, name: t.name, createdAt: iso(t.createdAt), ...(role ? { role } : {}) });

/** Tenants (instance admins create and delete, owners rename) and their ingest keys (admins). */
export function registerTenantRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { tenants, store } = accounts;

  app.get('/tenants', (c) => {
    const p = principalOf(c);
    if (p.instanceAdmin) return c.json({ tenants: tenants.list().map((t) => view(t, 'owner')) });
    const mine =
      p.kind === 'token'
        ? [{ tenant: p.tokenTenant ?? '', role: p.role ?? 'viewer' }]
        : store.membershipsOf(p.id).map((m) => ({ tenant: m.tenant, role: m.role }));
    return c.json({ tenants: mine.flatMap(({ tenant, role }) => (tenants.get(tenant) ? [view(tenants.get(tenant)!, role)] : [])) });
  });

  app.post('/tenants', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, tenantCreateBody);
    const t = await tenants.create(body);
    if (p.kind === 'user') await store.setMembership(t.id, p.id, 'owner');
    await accounts.audit(c, { tenant: '', action: 'tenant.created', target: { type: 'tenant', id: t.id }, details: { name: t.name } });
    await accounts.audit(c, { tenant: t.id, action: 'tenant.created', target: { type: 'tenant', id: t.id }, details: { name: t.name } });
    return c.json(view(t), 201);
  });

  app.get('/tenants/:tenant', (c) => c.json(view(tenants.get(c.get('tenant'))!, principalOf(c).role)));

  app.patch('/tenants/:tenant', async (c) => {
    const { name } = await jsonBody(c, tenantUpdateBody);
    const before = tenants.get(c.get('tenant'))!;
    const t = await tenants.rename(before.id, name);
    await accounts.audit(c, { action: 'tenant.renamed', target: { type: 'tenant', id: t.id }, details: { from: before.name, to: name } });
    return c.json(view(t));
  });

  app.delete('/tenants/:tenant', async (c) => {
    const id = c.get('tenant');
    if (id === DEFAULT_TENANT) throw new ArgusError('TENANT_PROTECTED', 'the default tenant cannot be deleted', 400);
    await tenants.markDeleted(id);
    await accounts.audit(c, { tenant: '', action: 'tenant.deleted', target: { type: 'tenant', id } });
    return c.json({ id, status: 'deleting', purgeAfterMs: accounts.config.purgeDelayMs }, 202);
  });

  app.get('/tenants/:tenant/ingest-keys', (c) => c.json({ keys: tenants.listKeys(c.get('tenant')) }));

  app.post('/tenants/:tenant/ingest-keys', async (c) => {
    const { name } = await jsonBody(c, keyCreateBody);
    const p = principalOf(c);
    const k = await tenants.createKey(c.get('tenant'), name, p.name);
    await accounts.audit(c, { action: 'ingest_key.created', target: { type: 'ingest_key', id: k.id }, details: { name } });
    return c.json({ ...k.view, key: k.key }, 201);
  });

  app.delete('/tenants/:tenant/ingest-keys/:id', async (c) => {
    const id = pathId(c, 'id', 'ingest key', 'INGEST_KEY_NOT_FOUND');
    const k = await tenants.revokeKey(c.get('tenant'), id);
    if (!k) throw new ArgusError('INGEST_KEY_NOT_FOUND', 'ingest key not found', 404);
    await accounts.audit(c, { action: 'ingest_key.revoked', target: { type: 'ingest_key', id }, details: { name: k.name } });
    return c.json(k);
  });
}
