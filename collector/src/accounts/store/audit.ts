import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import { dt } from '../../tenants/secrets.js';

/** one audit record: who did what to which object in which tenant ('' = instance-wide) */
export interface AuditEntry {
  tenant: string;
  actor: { type: 'user' | 'token' | 'system'; id: string; name: string };
  /** dotted verb, e.g. `ingest_key.created`, `user.role_changed`, `website.created` */
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
  ip?: string;
}

export interface AuditRecord {
  time: string;
  actor: { type: string; id: string; name: string };
  action: string;
  target: { type: string; id: string };
  details: Record<string, unknown>;
  ip: string;
}

const COLUMNS = ['tenant', 'time', 'actor_type', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'details', 'ip'];

export function auditLog(storage: Storage) {
  return {
    async record(e: AuditEntry): Promise<void> {
      const line = [
        tsvString(e.tenant),
        dt(Date.now()),
        e.actor.type,
        tsvString(e.actor.id),
        tsvString(e.actor.name),
        tsvString(e.action),
        tsvString(e.target.type),
        tsvString(e.target.id),
        tsvString(JSON.stringify(e.details ?? {})),
        tsvString(e.ip ?? ''),
      ].join('\t');
      await storage.insertTsv('account_audit', COLUMNS, `${line}\n`);
    },
    async list(tenant: string, q: { from: number; to: number; limit: number; action?: string }): Promise<AuditRecord[]> {
      const rows = await storage.query<{
        at: string;
        actorType: string;
        actorId: string;
        actorName: string;
        action: string;
        targetType: string;
        targetId: string;
        details: string;
        ip: string;
      }>(
        `SELECT toString(time) AS at, actor_type AS actorType, actor_id AS actorId, actor_name AS actorName, action,
                target_type AS targetType, target_id AS targetId, details, ip
         FROM account_audit
         WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
           AND time <= fromUnixTimestamp64Milli({to:Int64}, 'UTC') ${q.action ? 'AND startsWith(action, {action:String})' : ''}
         ORDER BY time DESC LIMIT {limit:UInt32}`,
        { tenant, from: q.from, to: q.to, limit: q.limit, action: q.action ?? '' },
      );
      return rows.map((r) => {
        let details: Record<string, unknown> = {};
        try {
          details = JSON.parse(r.details) as Record<string, unknown>;
        } catch {
          details = {};
        }
        return {
          time: `${r.at.replace(' ', 'T')}Z`,
          actor: { type: r.actorType, id: r.actorId, name: r.actorName },
          action: r.action,
          target: { type: r.targetType, id: r.targetId },
          details,
          ip: r.ip,
        };
      });
    },
  };
}

export type AuditLog = ReturnType<typeof auditLog>;
