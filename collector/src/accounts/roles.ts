/** Tenant roles, lowest first: each has the permissions of the ones before it. */
export const ROLES = ['viewer', 'editor', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
export const rank = (r: Role): number => ROLES.indexOf(r);

/**
 * What a route needs. `public`: nothing (login); `authenticated`: any signed-in principal, no tenant role;
 * `instance:admin`: an instance admin (any tenant); the others: that role or higher in the request's tenant.
 */
export type Permission =
  | 'public'
  | 'authenticated'
  | 'read'
  | 'websites:write'
  | 'alerts:write'
  | 'members:manage'
  | 'keys:manage'
  | 'tokens:manage'
  | 'audit:read'
  | 'tenant:manage'
  | 'instance:admin';

export const MIN_ROLE: Record<Exclude<Permission, 'public' | 'authenticated' | 'instance:admin'>, Role> = {
  read: 'viewer',
  'websites:write': 'editor',
  'alerts:write': 'editor',
  'members:manage': 'admin',
  'keys:manage': 'admin',
  'tokens:manage': 'admin',
  'audit:read': 'admin',
  'tenant:manage': 'owner',
};

/** whether a principal with `role` in the tenant (instance admins count as owners everywhere) may do `perm` */
export function allows(perm: Permission, role: Role | undefined, instanceAdmin: boolean): boolean {
  if (perm === 'public' || perm === 'authenticated') return true;
  if (instanceAdmin) return true;
  if (perm === 'instance:admin' || role === undefined) return false;
  return rank(role) >= rank(MIN_ROLE[perm]);
}
