import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import { dt } from '../../tenants/secrets.js';
import { bool, num, str, syncedTable } from '../../tenants/synced-table.js';
import { isRole, type Role } from '../roles.js';

/** an API token: a tenant role, or `instance_admin` for instance tokens (tenant '') */
export interface ApiToken {
  tenant: string;
  id: string;
  name: string;
  role: Role | 'instance_admin';
  prefix: string;
  tokenHash: string;
  revoked: boolean;
  /** 0 = never */
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

const ms = (col: string, as: string) => `toUnixTimestamp64Milli(${col}) AS ${as}`;

export function tokenTable(storage: Storage) {
  return syncedTable<ApiToken>(storage, {
    table: 'account_api_tokens',
    select: `tenant, id, name, role, prefix, token_hash AS tokenHash, revoked, ${ms('expires_at', 'expiresAt')},
      created_by AS createdBy, ${ms('created_at', 'createdAt')}, ${ms('updated_at', 'updatedAt')}`,
    columns: ['tenant', 'id', 'name', 'role', 'prefix', 'token_hash', 'revoked', 'expires_at', 'created_by', 'created_at', 'updated_at'],
    toTsv: (t) =>
      [
        tsvString(t.tenant),
        tsvString(t.id),
        tsvString(t.name),
        t.role,
        tsvString(t.prefix),
        t.tokenHash,
        String(t.revoked),
        dt(t.expiresAt),
        tsvString(t.createdBy),
        dt(t.createdAt),
        dt(t.updatedAt),
      ].join('\t'),
    fromRow: (r) => ({
      tenant: str(r.tenant),
      id: str(r.id),
      name: str(r.name),
      role: r.role === 'instance_admin' ? 'instance_admin' : isRole(r.role) ? r.role : 'viewer',
      prefix: str(r.prefix),
      tokenHash: str(r.tokenHash),
      revoked: bool(r.revoked),
      expiresAt: num(r.expiresAt),
      createdBy: str(r.createdBy),
      createdAt: num(r.createdAt),
      updatedAt: num(r.updatedAt),
    }),
    key: (t) => `${t.tenant}\0${t.id}`,
  });
}
