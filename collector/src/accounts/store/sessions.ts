import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import { dt } from '../../tenants/secrets.js';
import { bool, num, str, syncedTable } from '../../tenants/synced-table.js';

/** a UI session; `id` is the SHA-256 of the cookie value */
export interface Session {
  id: string;
  userId: string;
  currentTenant: string;
  revoked: boolean;
  ip: string;
  userAgent: string;
  createdAt: number;
  expiresAt: number;
  lastSeen: number;
  updatedAt: number;
}

const ms = (col: string, as: string) => `toUnixTimestamp64Milli(${col}) AS ${as}`;

export function sessionTable(storage: Storage) {
  return syncedTable<Session>(storage, {
    table: 'account_sessions',
    select: `id, user_id AS userId, current_tenant AS currentTenant, revoked, ip, user_agent AS userAgent,
      ${ms('created_at', 'createdAt')}, ${ms('expires_at', 'expiresAt')}, ${ms('last_seen', 'lastSeen')}, ${ms('updated_at', 'updatedAt')}`,
    columns: ['id', 'user_id', 'current_tenant', 'revoked', 'ip', 'user_agent', 'created_at', 'expires_at', 'last_seen', 'updated_at'],
    toTsv: (s) =>
      [
        s.id,
        tsvString(s.userId),
        tsvString(s.currentTenant),
        String(s.revoked),
        tsvString(s.ip),
        tsvString(s.userAgent),
        dt(s.createdAt),
        dt(s.expiresAt),
        dt(s.lastSeen),
        dt(s.updatedAt),
      ].join('\t'),
    fromRow: (r) => ({
      id: str(r.id),
      userId: str(r.userId),
      currentTenant: str(r.currentTenant),
      revoked: bool(r.revoked),
      ip: str(r.ip),
      userAgent: str(r.userAgent),
      createdAt: num(r.createdAt),
      expiresAt: num(r.expiresAt),
      lastSeen: num(r.lastSeen),
      updatedAt: num(r.updatedAt),
    }),
    key: (s) => s.id,
  });
}
