import type { Attributes, EntitySnapshot } from '@argus/sensor-kit';
import type { SnapshotFacts } from './queries.js';

export type PgState = 'ok' | 'auth_failed' | 'permission_denied' | 'unreachable';

export function postgresSnapshot(
  id: string,
  parentId: string,
  base: { port: number; pid: number; dataDir?: string; user: string; via?: string; state: PgState },
  facts: SnapshotFacts | undefined,
): EntitySnapshot {
  const a: Attributes = { port: base.port, pid: base.pid, user: base.user, state: base.state };
  const dataDir = facts?.data_directory ?? base.dataDir;
  if (dataDir) a.data_directory = dataDir;
  if (base.via) a.connected_via = base.via.startsWith('/') ? 'socket' : 'tcp';
  if (facts) {
    a.version = facts.version;
    a.version_num = facts.version_num;
    a.max_connections = facts.max_connections;
    a.shared_buffers = facts.shared_buffers;
    a.role = facts.in_recovery ? 'replica' : 'primary';
    a.databases = facts.databases ?? '';
    a.pg_stat_statements = facts.pg_stat_statements;
    a.pg_monitor = facts.is_monitor;
    if (facts.config_file) a.config_file = facts.config_file;
    if (facts.listen_addresses !== null) a.listen_addresses = facts.listen_addresses;
  }
  return { id, type: 'postgres', name: `postgres :${base.port}`, parentId, attributes: a };
}
