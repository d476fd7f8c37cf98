/**
 * The monitoring SQL (template databases are left out of the per-database series). Each second is ONE round trip: a single SELECT returning one JSON object;
 * per-database sizes and pg_stat_statements are folded into the same statement when they are due.
 */

const ACTIVITY = `(SELECT coalesce(json_agg(a), '[]') FROM (
    SELECT coalesce(datname, '') AS db, coalesce(state, 'unknown') AS state, count(*)::int AS n,
      coalesce(max(extract(epoch FROM now() - query_start)) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()), 0)::float8 AS longest_query,
      coalesce(max(extract(epoch FROM now() - xact_start)) FILTER (WHERE pid <> pg_backend_pid()), 0)::float8 AS longest_xact
    FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1, 2) a)`;

const DATABASES = `(SELECT coalesce(json_agg(d), '[]') FROM (
    SELECT datname AS db, xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched,
      tup_inserted, tup_updated, tup_deleted, deadlocks, temp_bytes, temp_files, conflicts
    FROM pg_stat_database WHERE datname IS NOT NULL AND datname NOT IN ('template0', 'template1')) d)`;

const REPLICATION = `'recovery', pg_is_in_recovery(),
  'lag_s', CASE WHEN pg_is_in_recovery() THEN coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8 END,
  'lag_bytes', CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8 END,
  'replicas', (SELECT coalesce(json_agg(r), '[]') FROM (
    SELECT coalesce(application_name, '') || '@' || coalesce(host(client_addr), 'local') AS name, state,
      CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 END AS lag_bytes,
      coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag_s
    FROM pg_stat_replication) r)`;

const SIZES = `(SELECT coalesce(json_agg(s), '[]') FROM (
    SELECT datname AS db, pg_database_size(oid)::float8 AS bytes FROM pg_database WHERE datallowconn AND NOT datistemplate) s)`;

/** pg_stat_statements renamed total_time to total_exec_time in PostgreSQL 13 */
function statements(versionNum: number, top: number): string {
  const time = versionNum >= 130000 ? 'total_exec_time' : 'total_time';
  return `(SELECT coalesce(json_agg(t), '[]') FROM (
    SELECT s.queryid::text AS id, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 200) AS query, d.datname AS db,
      s.calls::float8 AS calls, s.${time}::float8 AS time_ms, s.rows::float8 AS rows
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    ORDER BY s.${time} DESC LIMIT ${Math.trunc(top)}) t)`;
}

export interface SampleParts {
  sizes: boolean;
  statements: boolean;
  versionNum: number;
  topStatements: number;
}

export function sampleSql(parts: SampleParts): string {
  const extra = [
    parts.sizes ? `'sizes', ${SIZES}` : '',
    parts.statements ? `'statements', ${statements(parts.versionNum, parts.topStatements)}` : '',
  ].filter(Boolean);
  return `SELECT json_build_object(
  'activity', ${ACTIVITY},
  'databases', ${DATABASES},
  'max_connections', current_setting('max_connections')::int,
  ${REPLICATION}${extra.length ? ',\n  ' + extra.join(',\n  ') : ''}) AS j`;
}

export const SNAPSHOT_SQL = `SELECT json_build_object(
  'version', current_setting('server_version'),
  'version_num', current_setting('server_version_num')::int,
  'data_directory', (SELECT setting FROM pg_settings WHERE name = 'data_directory'),
  'config_file', (SELECT setting FROM pg_settings WHERE name = 'config_file'),
  'max_connections', current_setting('max_connections')::int,
  'shared_buffers', current_setting('shared_buffers'),
  'listen_addresses', (SELECT setting FROM pg_settings WHERE name = 'listen_addresses'),
  'in_recovery', pg_is_in_recovery(),
  'databases', (SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database WHERE datallowconn),
  'pg_stat_statements', EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'),
  'is_monitor', pg_has_role(current_user, 'pg_monitor', 'MEMBER')
) AS j`;

export interface ActivityRow {
  db: string;
  state: string;
  n: number;
  longest_query: number;
  longest_xact: number;
}
export type DatabaseRow = { db: string } & Record<string, number | string>;
export interface Sample {
  activity: ActivityRow[];
  databases: DatabaseRow[];
  max_connections: number;
  recovery: boolean;
  lag_s: number | null;
  lag_bytes: number | null;
  replicas: Array<{ name: string; state: string; lag_bytes: number | null; lag_s: number }>;
  sizes?: Array<{ db: string; bytes: number }>;
  statements?: Array<{ id: string; query: string; db: string; calls: number; time_ms: number; rows: number }>;
}

export interface SnapshotFacts {
  version: string;
  version_num: number;
  data_directory: string | null;
  config_file: string | null;
  max_connections: number;
  shared_buffers: string;
  listen_addresses: string | null;
  in_recovery: boolean;
  databases: string | null;
  pg_stat_statements: boolean;
  is_monitor: boolean;
}
