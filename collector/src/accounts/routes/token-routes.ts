import { accountRoutes as r } from '@argus/api';
import type { Hono } from 'hono';
import { apiRoute } from '../../api-route.js';
import { ArgusError } from '../../errors.js';
import type { AppEnv } from '../../module.js';
import { mayAssign } from '../account-store.js';
import type { Accounts } from '../open.js';
import { principalOf } from '../principal.js';

const DAY_MS = 86_400_000;
const expiry = (days?: number) => (days ? Date.now() + days * DAY_MS : undefined);

/** API tokens of a tenant (admins; a token's role is at most the creator's) and instance-admin tokens. */
export function registerTokenRoutes(app: Hono<AppEnv>, accounts: Accounts): void {
  const { store } = accounts;

  apiRoute(app, r.listTokens, ({ tenant }) => ({ tokens: store.listTokens(tenant) }));

  apiRoute(app, { ...r.createToken, bodyErrorCode: 'INVALID_BODY' }, async ({ tenant, body, c }) => {
    const p = principalOf(c);
    if (!mayAssign(p.instanceAdmin ? 'instance_admin' : (p.role ?? 'viewer'), body.role)) {
      throw new ArgusError('FORBIDDEN', `your role (${p.role ?? 'none'}) cannot create ${body.role} tokens`, 403);
    }
    const t = await store.createToken({
      tenant,
      name: body.name,
      role: body.role,
      createdBy: p.name,
      expiresAt: expiry(body.expiresInDays),
    });
    await accounts.audit(c, {
      action: 'token.created',
      target: { type: 'token', id: t.view.id },
      details: { name: body.name, role: body.role },
    });
    return { ...t.view, token: t.token };
  });

  apiRoute(app, r.revokeToken, async ({ tenant, params, c }) => {
    const t = await store.revokeToken(tenant, params.id);
    if (!t) throw new ArgusError('TOKEN_NOT_FOUND', 'token not found', 404);
    await accounts.audit(c, { action: 'token.revoked', target: { type: 'token', id: params.id }, details: { name: t.name } });
    return t;
  });

  apiRoute(app, r.listInstanceTokens, () => ({ tokens: store.listTokens('') }));

  apiRoute(app, { ...r.createInstanceToken, bodyErrorCode: 'INVALID_BODY' }, async ({ body, c }) => {
    const t = await store.createToken({
      tenant: '',
      name: body.name,
      role: 'instance_admin',
      createdBy: principalOf(c).name,
      expiresAt: expiry(body.expiresInDays),
    });
    await accounts.audit(c, {
      tenant: '',
      action: 'token.created',
      target: { type: 'token', id: t.view.id },
      details: { name: body.name, role: 'instance_admin' },
    });
    return { ...t.view, token: t.token };
  });

  apiRoute(app, r.revokeInstanceToken, async ({ params, c }) => {
    const t = await store.revokeToken('', params.id);
    if (!t) throw new ArgusError('TOKEN_NOT_FOUND', 'token not found', 404);
    await accounts.audit(c, { tenant: '', action: 'token.revoked', target: { type: 'token', id: params.id }, details: { name: t.name } });
    return t;
  });
}
