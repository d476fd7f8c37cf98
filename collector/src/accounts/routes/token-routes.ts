import type { Hono } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { mayAssign } from '../account-store.js';
import type { Accounts } from '../open.js';
import { principalOf } from '../principal.js';
import { instanceTokenCreateBody, tokenCreateBody } from '../schemas.js';
import { jsonBody, pathId } from './http.js';

const DAY_MS = 86_400_000;

/** API tokens of a tenant (admins; a token's role is at most the creator's) and instance-admin tokens. */
export function registerTokenRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { store } = accounts;

  app.get('/tenants/:tenant/tokens', (c) => c.json({ tokens: store.listTokens(c.get('tenant')) }));

  app.post('/tenants/:tenant/tokens', async (c) => {
    const p = principalOf(c);
    const body = await jsonBody(c, tokenCreateBody);
    if (!mayAssign(p.instanceAdmin ? 'instance_admin' : (p.role ?? 'viewer'), body.role)) {
      throw new ArgusError('FORBIDDEN', `your role (${p.role ?? 'none'}) cannot create ${body.role} tokens`, 403);
    }
    const t = await store.createToken({
      tenant: c.get('tenant'),
      name: body.name,
      role: body.role,
      createdBy: p.name,
      expiresAt: body.expiresInDays ? Date.now() + body.expiresInDays * DAY_MS : undefined,
    });
    await accounts.audit(c, {
      action: 'token.created',
      target: { type: 'token', id: t.view.id },
      details: { name: body.name, role: body.role },
    });
    return c.json({ ...t.view, token: t.token }, 201);
  });

  app.delete('/tenants/:tenant/tokens/:id', async (c) => {
    const id = pathId(c, 'id', 'token', 'TOKEN_NOT_FOUND');
    const t = await store.revokeToken(c.get('tenant'), id);
    if (!t) throw new ArgusError('TOKEN_NOT_FOUND', 'token not found', 404);
    await accounts.audit(c, { action: 'token.revoked', target: { type: 'token', id }, details: { name: t.name } });
    return c.json(t);
  });

  app.get('/instance/tokens', (c) => c.json({ tokens: store.listTokens('') }));

  app.post('/instance/tokens', async (c) => {
    const body = await jsonBody(c, instanceTokenCreateBody);
    const t = await store.createToken({
      tenant: '',
      name: body.name,
      role: 'instance_admin',
      createdBy: principalOf(c).name,
      expiresAt: body.expiresInDays ? Date.now() + body.expiresInDays * DAY_MS : undefined,
    });
    await accounts.audit(c, {
      tenant: '',
      action: 'token.created',
      target: { type: 'token', id: t.view.id },
      details: { name: body.name, role: 'instance_admin' },
    });
    return c.json({ ...t.view, token: t.token }, 201);
  });

  app.delete('/instance/tokens/:id', async (c) => {
    const id = pathId(c, 'id', 'token', 'TOKEN_NOT_FOUND');
    const t = await store.revokeToken('', id);
    if (!t) throw new ArgusError('TOKEN_NOT_FOUND', 'token not found', 404);
    await accounts.audit(c, { tenant: '', action: 'token.revoked', target: { type: 'token', id }, details: { name: t.name } });
    return c.json(t);
  });
}
