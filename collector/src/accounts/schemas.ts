import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './passwords.js';
import { ROLES } from './roles.js';

/** Request bodies of the accounts routes (shapes in docs/api.md, "Accounts and tenants"). */
const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');
const password = z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX);
const name = z.string().trim().min(1).max(200);
const role = z.enum(ROLES);

export const loginBody = z.object({ email: z.string().max(254), password: z.string().max(1024), tenant: z.string().max(64).optional() });
export const setupBody = z.object({ token: z.string().min(10).max(200), password });
export const passwordBody = z.object({ currentPassword: z.string().max(1024), newPassword: password });
export const switchTenantBody = z.object({ tenant: z.string().min(1).max(64) });
export const tenantCreateBody = z.object({
  name,
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a-z, 0-9, _ and -, at most 63')
    .optional(),
});
export const tenantUpdateBody = z.object({ name });
export const keyCreateBody = z.object({ name });
export const tokenCreateBody = z.object({ name, role, expiresInDays: z.number().int().min(1).max(3650).optional() });
export const instanceTokenCreateBody = z.object({ name, expiresInDays: z.number().int().min(1).max(3650).optional() });
export const memberCreateBody = z.object({ email, name: z.string().trim().max(200).optional(), role, password: password.optional() });
export const memberUpdateBody = z.object({ role });
export const userUpdateBody = z
  .object({ name: z.string().trim().max(200).optional(), instanceAdmin: z.boolean().optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
