import { z } from 'zod';
import { intParam, rangeQuery, textParam } from './params.js';

/**
 * Accounts and tenants: sign-in and sessions, tenants, ingest keys, API tokens, members and users, the audit log.
 * Secrets (`key`, `token`, `setupToken`) appear only in the answer that creates them. Times are ISO strings.
 */

export const ROLE_NAMES = ['viewer', 'editor', 'admin', 'owner'] as const;
const role = z.enum(ROLE_NAMES).meta({ description: 'viewer < editor < admin < owner' });
const iso = z.string().meta({ description: 'ISO-8601 time' });
const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');
const password = z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters');
const name = z.string().trim().min(1).max(200);
const ok = z.object({ ok: z.literal(true) });

export const userRef = z.object({ id: z.string(), email: z.string(), name: z.string(), instanceAdmin: z.boolean() });
export const tenantRole = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const loginBody = z.object({ email: z.string().max(254), password: z.string().max(1024), tenant: z.string().max(64).optional() });
export const loginResponse = z.object({
  user: userRef,
  tenant: z.string().nullable(),
  role: z.string().nullable(),
  tenants: z.array(tenantRole),
  csrfToken: z.string().meta({ description: 'send as `x-csrf-token` on every write made with the session cookie' }),
  expiresAt: iso,
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const sessionInfoResponse = z.object({
  kind: z.enum(['user', 'token']),
  tenant: z.string().nullable(),
  role: z.string().nullable(),
  instanceAdmin: z.boolean(),
  tenants: z.array(tenantRole),
  user: userRef.nullable().optional(),
  token: z.object({ id: z.string(), name: z.string() }).optional(),
  csrfToken: z.string().nullable().optional(),
  expiresAt: iso.nullable().optional(),
});
export type SessionInfoResponse = z.infer<typeof sessionInfoResponse>;

export const setupBody = z.object({ token: z.string().min(10).max(200), password });
export const passwordBody = z.object({ currentPassword: z.string().max(1024), newPassword: password });
export const switchTenantBody = z.object({ tenant: z.string().min(1).max(64) });
export const sessionsResponse = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      current: z.boolean(),
      createdAt: iso,
      lastSeen: iso,
      expiresAt: iso,
      ip: z.string(),
      userAgent: z.string(),
    }),
  ),
});
const idParams = z.object({ id: z.string().regex(/^[\w.@-]{1,128}$/, 'not found') });
const tenantParams = z.object({ tenant: z.string().max(128) });
const tenantIdParams = z.object({ tenant: z.string().max(128), id: z.string().regex(/^[\w.@-]{1,128}$/, 'not found') });

export const tenantView = z.object({ id: z.string(), name: z.string(), createdAt: iso, role: z.string().optional() });
export const tenantCreateBody = z.object({
  name,
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a-z, 0-9, _ and -, at most 63')
    .optional(),
});

export const ingestKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: 'the first characters of the key, to tell keys apart' }),
  revoked: z.boolean(),
  createdBy: z.string(),
  createdAt: iso,
  revokedAt: iso.nullable(),
});
export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  prefix: z.string(),
  revoked: z.boolean(),
  expiresAt: iso.nullable(),
  createdBy: z.string(),
  createdAt: iso,
});
export const tokenCreateBody = z.object({ name, role, expiresInDays: z.number().int().min(1).max(3650).optional() });
export const instanceTokenCreateBody = z.object({ name, expiresInDays: z.number().int().min(1).max(3650).optional() });

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  instanceAdmin: z.boolean(),
  disabled: z.boolean(),
  pendingSetup: z.boolean().meta({ description: 'no password yet: waits for its setup token' }),
  createdAt: iso,
});
export const memberView = userView.extend({ role: z.string(), memberSince: iso.optional() });
export const memberCreateBody = z.object({ email, name: z.string().trim().max(200).optional(), role, password: password.optional() });
export const memberCreateResponse = userView.extend({
  role: z.string(),
  setupToken: z.string().optional(),
  setupExpiresAt: iso.optional(),
});
export const userUpdateBody = z
  .object({ name: z.string().trim().max(200).optional(), instanceAdmin: z.boolean().optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const auditQuery = rangeQuery.extend({
  limit: intParam('limit', 1, 5000, 'entries at most').default(200),
  action: textParam('action', 100, 'only actions starting with this, e.g. `ingest_key.`').optional(),
});
export const auditResponse = z.object({
  from: z.number(),
  to: z.number(),
  entries: z.array(
    z.object({
      time: iso,
      actor: z.object({ type: z.string(), id: z.string(), name: z.string() }),
      action: z.string(),
      target: z.object({ type: z.string(), id: z.string() }),
      details: z.record(z.string(), z.unknown()),
      ip: z.string(),
    }),
  ),
});

/** Field schemas the route catalogue (accounts-routes.ts) shares with the bodies above (one object: generic names stay out of the package's exports). */
export const accountFields = { role, iso, name, ok, idParams, tenantParams, tenantIdParams };
