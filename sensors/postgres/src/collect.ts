import {
  createCounterRates,
  techIdentity,
  type CollectResult,
  type MetricPoint,
  type SensorContext,
  type SensorEvent,
  type SensorInstance,
  within,
} from '@argus/sensor-kit';
import { readClusterFiles } from './cluster.js';
import { credentialsFor, type PostgresConfig } from './config.js';
import { classifyPgError, connectPostgres, type ConnectResult, type PgConnection, type PgFailure } from './connection.js';
import type { PostgresTarget } from './detect.js';
import { failureEvent, monitorRoleEvent } from './events.js';
import { sampleMetrics } from './metrics.js';
import { sampleSql, SNAPSHOT_SQL, type Sample, type SnapshotFacts } from './queries.js';
import { postgresSnapshot, type PgState } from './snapshot.js';

/** how long a collect waits for a connection attempt before reporting nothing for this second */
const WAIT_MS = 500;

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createPostgresInstance(target: PostgresTarget, ctx: SensorContext<PostgresConfig>): SensorInstance {
  const cfg = ctx.config;
  const creds = credentialsFor(cfg, target.port);
  const identity = techIdentity(ctx, 'postgres', target.port, target);
  const rates = createCounterRates();
  let conn: PgConnection | undefined;
  let connecting: Promise<ConnectResult> | undefined;
  let nextConnectAt = 0;
  let failures = 0;
  let reported: PgFailure | undefined;
  let monitorWarned = false;
  let stopped = false;
  let facts: SnapshotFacts | undefined;
  let factsAt = -Infinity;
  let sizesAt = -Infinity;
  let statementsAt = -Infinity;
  let statementsBroken = false;
  let state: PgState = 'unreachable';
  let dataDir: string | undefined;

  const events: SensorEvent[] = [];
  function report(kind: PgFailure, err: unknown) {
    if (kind === reported) return;
    reported = kind;
    ctx.log.warn({ err: errText(err), kind, port: target.port }, 'postgres monitoring failed');
    const ev = failureEvent(kind, target.port, creds.user, creds.database, errText(err), identity.entityId);
    if (ev) events.push(ev);
  }

  async function connection(signal: AbortSignal): Promise<PgConnection | 'pending' | undefined> {
    if (conn && !conn.broken) return conn;
    if (conn) {
      await conn.close();
      conn = undefined;
    }
    if (!connecting) {
      if (Date.now() < nextConnectAt) return undefined;
      const cluster = readClusterFiles(ctx.procRoot, target);
      dataDir = cluster.dataDir;
      const candidates = creds.host ? [creds.host] : [...cluster.socketDirs, '127.0.0.1'];
      connecting = connectPostgres(candidates, target.port, creds, cfg.queryTimeoutMs).finally(() => (connecting = undefined));
    }
    // a slow attempt keeps running in the background; a later collect picks up its result
    const res = await within(connecting, WAIT_MS, signal);
    if (!res) return 'pending';
    if (!res.ok) {
      failures++;
      nextConnectAt = Date.now() + (res.kind === 'unreachable' ? Math.min(1000 * 2 ** failures, 30_000) : 60_000);
      state = res.kind === 'auth' || res.kind === 'database' ? 'auth_failed' : 'unreachable';
      report(res.kind, res.error);
      return undefined;
    }
    if (stopped) {
      await res.conn.close();
      return undefined;
    }
    failures = 0;
    factsAt = -Infinity;
    conn = res.conn;
    return conn;
  }

  async function refreshFacts(c: PgConnection, signal: AbortSignal) {
    if (Date.now() - factsAt < cfg.snapshotIntervalSeconds * 1000) return;
    const [row] = await c.query<{ j: SnapshotFacts }>(SNAPSHOT_SQL, signal);
    facts = row.j;
    factsAt = Date.now();
    if (!facts.is_monitor && !monitorWarned) {
      monitorWarned = true;
      events.push(monitorRoleEvent(target.port, creds.user, identity.entityId));
    }
  }

  function snapshots() {
    const snap = postgresSnapshot(
      identity.entityId,
      identity.parentId,
      { port: target.port, pid: target.pid, dataDir, user: creds.user, via: conn?.via, state },
      facts,
    );
    return [snap];
  }

  function result(metrics: MetricPoint[]): CollectResult {
    return { metrics: identity.tag(metrics), snapshots: snapshots(), events: events.splice(0) };
  }

  async function sample(c: PgConnection, signal: AbortSignal): Promise<Sample> {
    const now = Date.now();
    const sizes = now - sizesAt >= cfg.sizeIntervalSeconds * 1000;
    const statements =
      cfg.statementsIntervalSeconds > 0 &&
      !statementsBroken &&
      !!facts?.pg_stat_statements &&
      now - statementsAt >= cfg.statementsIntervalSeconds * 1000;
    const sql = sampleSql({ sizes, statements, versionNum: facts?.version_num ?? 0, topStatements: cfg.topStatements });
    try {
      const [row] = await c.query<{ j: Sample }>(sql, signal);
      if (sizes) sizesAt = now;
      if (statements) statementsAt = now;
      return row.j;
    } catch (err) {
      if (!statements || signal.aborted || c.broken) throw err;
      // pg_stat_statements installed but not preloaded (or not readable): carry on without it
      statementsBroken = true;
      ctx.log.warn({ err: errText(err) }, 'pg_stat_statements unavailable, top statements disabled');
      return sample(c, signal);
    }
  }

  return {
    async collect(signal) {
      const c = await connection(signal);
      if (c === 'pending') return { metrics: [] };
      if (!c) return result([{ name: 'postgres.up', unit: '1', value: 0 }]);
      try {
        await refreshFacts(c, signal);
        const s = await sample(c, signal);
        state = 'ok';
        reported = undefined;
        return result(sampleMetrics(s, rates));
      } catch (err) {
        if (signal.aborted) throw err;
        const kind = classifyPgError(err);
        if (kind === 'permission') {
          state = 'permission_denied';
          report(kind, err);
          return result([{ name: 'postgres.up', unit: '1', value: 0 }]);
        }
        if (c.broken) return result([{ name: 'postgres.up', unit: '1', value: 0 }]);
        throw err;
      }
    },
    async stop() {
      stopped = true;
      const c = conn;
      conn = undefined;
      await c?.close();
    },
  };
}
