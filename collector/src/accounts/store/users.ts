import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import { dt } from '../../tenants/secrets.js';
import { bool, num, str, syncedTable } from '../../tenants/synced-table.js';
import { isRole, type Role } from '../roles.js';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  instanceAdmin: boolean;
  disabled: boolean;
  deleted: boolean;
  /** hash of the one-time setup (invite / reset) token, '' when none */
  setupHash: string;
  setupExpiresAt: number;
  passwordChangedAt: number;
  createdAt: number;
  updatedAt: number;
}

export interface Membership {
  tenant: string;
  userId: string;
  role: Role;
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
}

const ms = (col: string, as: string) => `toUnixTimestamp64Milli(${col}) AS ${as}`;

export function userTables(storage: Storage) {
  const users = syncedTable<User>(storage, {
    table: 'account_users',
    select: `id, email, name, password_hash AS passwordHash, instance_admin AS instanceAdmin, disabled, deleted,
      setup_hash AS setupHash, ${ms('setup_expires_at', 'setupExpiresAt')}, ${ms('password_changed_at', 'passwordChangedAt')},
      ${ms('created_at', 'createdAt')}, ${ms('updated_at', 'updatedAt')}`,
    columns: [
      'id',
      'email',
      'name',
      'password_hash',
      'instance_admin',
      'disabled',
      'deleted',
      'setup_hash',
      'setup_expires_at',
      'password_changed_at',
      'created_at',
      'updated_at',
    ],
    toTsv: (u) =>
      [
        tsvString(u.id),
        tsvString(u.email),
        tsvString(u.name),
        tsvString(u.passwordHash),
        String(u.instanceAdmin),
        String(u.disabled),
        String(u.deleted),
        tsvString(u.setupHash),
        dt(u.setupExpiresAt),
        dt(u.passwordChangedAt),
        dt(u.createdAt),
        dt(u.updatedAt),
      ].join('\t'),
    fromRow: (r) => ({
      id: str(r.id),
      email: str(r.email),
      name: str(r.name),
      passwordHash: str(r.passwordHash),
      instanceAdmin: bool(r.instanceAdmin),
      disabled: bool(r.disabled),
      deleted: bool(r.deleted),
      setupHash: str(r.setupHash),
      setupExpiresAt: num(r.setupExpiresAt),
      passwordChangedAt: num(r.passwordChangedAt),
      createdAt: num(r.createdAt),
      updatedAt: num(r.updatedAt),
    }),
    key: (u) => u.id,
  });
  const memberships = syncedTable<Membership>(storage, {
    table: 'account_memberships',
    select: `tenant, user_id AS userId, role, deleted, ${ms('created_at', 'createdAt')}, ${ms('updated_at', 'updatedAt')}`,
    columns: ['tenant', 'user_id', 'role', 'deleted', 'created_at', 'updated_at'],
    toTsv: (m) => [tsvString(m.tenant), tsvString(m.userId), m.role, String(m.deleted), dt(m.createdAt), dt(m.updatedAt)].join('\t'),
    fromRow: (r) => ({
      tenant: str(r.tenant),
      userId: str(r.userId),
      role: isRole(r.role) ? r.role : 'viewer',
      deleted: bool(r.deleted),
      createdAt: num(r.createdAt),
      updatedAt: num(r.updatedAt),
    }),
    key: (m) => `${m.tenant}\0${m.userId}`,
  });
  return { users, memberships };
}
