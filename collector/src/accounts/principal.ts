import type { Context } from 'hono';
import { ArgusError } from '../errors.js';
import type { Role } from './roles.js';

/** Who is calling: a signed-in user (session cookie) or an API token. Set by the auth middleware on /api/v1. */
export interface Principal {
  kind: 'user' | 'token';
  /** user id or token id */
  id: string;
  /** e-mail or token name, for the audit log */
  name: string;
  instanceAdmin: boolean;
  /** role in the request's tenant (instance admins: owner); undefined on routes without a tenant */
  role?: Role;
  /** cookie sessions: the session id (hash) and the token the CSRF check is derived from */
  session?: { id: string; csrf: string };
  /** API tokens: the token's tenant ('' for instance tokens) */
  tokenTenant?: string;
}

export function principalOf(c: Context): Principal {
  const p = c.get('principal') as Principal | undefined;
  if (!p) throw new ArgusError('UNAUTHORIZED', 'sign in or send Authorization: Bearer <API token>', 401);
  return p;
}
