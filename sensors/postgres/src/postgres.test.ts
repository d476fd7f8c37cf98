import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, processInfo, startPostgres, startSensor, type PostgresServer } from '../../../test/servers/index.js';
import { sensor } from './index.js';

describeSensorConformance(sensor, {
  target: async () => {
    const srv = await startPostgres();
    return { process: processInfo(srv.pid), cleanup: () => srv.stop() };
  },
});

const targetOf = (srv: PostgresServer) => sensor.detect(processInfo(srv.pid), {} as never);
const serverCommits = async (c: pg.Client) =>
  Number((await c.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'`)).rows[0].xact_commit);

describe('postgres sensor against a real PostgreSQL (trust, pg_stat_statements)', () => {
  let srv: PostgresServer;
  let client: pg.Client;
  beforeAll(async () => {
    srv = await startPostgres({ statStatements: true });
    client = new pg.Client({ host: '127.0.0.1', port: srv.port, user: srv.user, database: srv.database });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await srv?.stop();
  });

  it('detects the postmaster (not its backends) with the right port', () => {
    const t = targetOf(srv);
    expect(t).toMatchObject({ pid: srv.pid, port: srv.port });
    expect(sensor.targetKey(t!)).toBe(`port:${srv.port}`);
  });

  it('xact_commit agrees with pg_stat_database after M transactions; snapshot facts', async () => {
    const h = await startSensor(sensor, targetOf(srv));
    try {
      const first = await h.settled();
      expect(metricValue(first, 'postgres.up')).toBe(1);
      const before = metricValue(first, 'postgres.xact.commit', { db: 'postgres' })!;
      const M = 60;
      for (let i = 0; i < M; i++) await client.query('SELECT 1');
      // PostgreSQL flushes backend statistics at most once a second: wait for them to show up
      let r = first;
      for (let i = 0; i < 30; i++) {
        await new Promise((res) => setTimeout(res, 500));
        const lo = await serverCommits(client);
        r = await h.collect();
        const hi = await serverCommits(client);
        const v = metricValue(r, 'postgres.xact.commit', { db: 'postgres' })!;
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
        if (v - before >= M) break;
      }
      expect(metricValue(r, 'postgres.xact.commit', { db: 'postgres' })! - before).toBeGreaterThanOrEqual(M);
      expect(metricValue(r, 'postgres.xact.commit.rate', { db: 'postgres' })).toBeGreaterThanOrEqual(0);
      const snap = [...(first.snapshots ?? [])][0];
      const version = (await client.query('SHOW server_version')).rows[0].server_version;
      expect(snap).toMatchObject({ id: `postgres:test-host:${srv.port}`, type: 'postgres' });
      expect(snap.attributes).toMatchObject({
        version,
        data_directory: srv.dataDir,
        max_connections: 40,
        role: 'primary',
        pg_stat_statements: true,
        connected_via: 'socket',
      });
      expect(String(snap.attributes.databases).split(',')).toEqual(expect.arrayContaining(['postgres', 'template1']));
      expect(first.metrics.some((m) => m.attributes?.db === 'template1')).toBe(false);
      // sizes and top statements ride along with the first sample
      expect(metricValue(first, 'postgres.db.size', { db: 'postgres' })).toBeGreaterThan(1_000_000);
      expect(first.metrics.some((m) => m.name === 'postgres.statement.calls')).toBe(true);
    } finally {
      await h.stop();
    }
  });

  it('counts connections by state and reports the longest transaction', async () => {
    const h = await startSensor(sensor, targetOf(srv));
    const extra = new pg.Client({ host: '127.0.0.1', port: srv.port, user: srv.user, database: srv.database });
    await extra.connect();
    try {
      await extra.query('BEGIN');
      await extra.query('SELECT 1');
      await new Promise((res) => setTimeout(res, 1100));
      const r = await h.settled();
      const own = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'`);
      expect(metricValue(r, 'postgres.connections.total')).toBe(own.rows[0].n);
      expect(metricValue(r, 'postgres.connections', { state: 'idle in transaction' })).toBe(1);
      expect(metricValue(r, 'postgres.xact.longest_s')).toBeGreaterThanOrEqual(1);
      expect(metricValue(r, 'postgres.connections.usage_ratio')).toBeCloseTo(own.rows[0].n / 40, 5);
      await extra.query('ROLLBACK');
    } finally {
      await extra.end();
      await h.stop();
    }
  });
});

describe('postgres sensor with password authentication', () => {
  let srv: PostgresServer;
  beforeAll(async () => {
    srv = await startPostgres({ password: 'pg-secret' });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('wrong password: one POSTGRES_AUTH_FAILED event naming the grant, postgres.up 0, no throw', async () => {
    const h = await startSensor(sensor, targetOf(srv), { password: 'wrong' });
    expect(metricValue(await h.settled(), 'postgres.up')).toBe(0);
    for (let i = 0; i < 2; i++) expect(metricValue(await h.collect(), 'postgres.up')).toBe(0);
    await h.stop();
    expect(h.events.map((e) => e.code)).toEqual(['POSTGRES_AUTH_FAILED']);
    expect(h.events[0].message).toMatch(/GRANT pg_monitor TO/);
    expect(h.events[0].message).toContain('password authentication failed');
  });

  it('no password configured: same single event', async () => {
    const h = await startSensor(sensor, targetOf(srv));
    await h.settled();
    await h.collect();
    await h.stop();
    expect(h.events.map((e) => e.code)).toEqual(['POSTGRES_AUTH_FAILED']);
  });

  it('the right password: metrics; a role without pg_monitor gets the GRANT hint', async () => {
    const admin = new pg.Client({ host: '127.0.0.1', port: srv.port, user: 'postgres', password: 'pg-secret', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE plain LOGIN PASSWORD 'plain-pw'`);
    await admin.end();
    const ok = await startSensor(sensor, targetOf(srv), { password: 'pg-secret' });
    expect(metricValue(await ok.settled(), 'postgres.up')).toBe(1);
    await ok.stop();
    expect(ok.events).toEqual([]);
    const plain = await startSensor(sensor, targetOf(srv), { instances: { [String(srv.port)]: { user: 'plain', password: 'plain-pw' } } });
    const r = await plain.settled();
    await plain.stop();
    expect(metricValue(r, 'postgres.up')).toBe(1);
    expect(plain.events.map((e) => e.code)).toEqual(['POSTGRES_MONITOR_ROLE_MISSING']);
    expect(plain.events[0].message).toContain('GRANT pg_monitor TO plain');
  });
});

describe('postgres sensor on a streaming replica', () => {
  let primary: PostgresServer;
  let replica: PostgresServer;
  beforeAll(async () => {
    primary = await startPostgres();
    replica = await startPostgres({ replicaOf: primary });
  });
  afterAll(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('reports replica role and lag on the replica, the replica and its lag on the primary', async () => {
    const onReplica = await startSensor(sensor, targetOf(replica));
    const onPrimary = await startSensor(sensor, targetOf(primary));
    try {
      // the replica connects to the primary's walsender shortly after start, and reports its replay position a
      // moment later (until then pg_stat_replication.replay_lsn is NULL and the sensor reports no lag: unknown)
      const has = (c: Awaited<ReturnType<typeof onPrimary.collect>>, name: string) => c.metrics.some((m) => m.name === name);
      let p = await onPrimary.settled();
      for (
        let i = 0;
        i < 60 && !(metricValue(p, 'postgres.replication.replicas') === 1 && has(p, 'postgres.replication.replica_lag_bytes'));
        i++
      ) {
        await new Promise((res) => setTimeout(res, 250));
        p = await onPrimary.collect();
      }
      expect(metricValue(p, 'postgres.replication.replicas')).toBe(1);
      expect(metricValue(p, 'postgres.replication.is_replica')).toBe(0);
      expect(p.metrics.find((m) => m.name === 'postgres.replication.replica_lag_bytes')?.value).toBeGreaterThanOrEqual(0);
      let r = await onReplica.settled();
      for (let i = 0; i < 60 && !(has(r, 'postgres.replication.lag_bytes') && has(r, 'postgres.replication.lag_s')); i++) {
        await new Promise((res) => setTimeout(res, 250));
        r = await onReplica.collect();
      }
      expect(metricValue(r, 'postgres.up')).toBe(1);
      expect(metricValue(r, 'postgres.replication.is_replica')).toBe(1);
      expect(metricValue(r, 'postgres.replication.lag_bytes')).toBeGreaterThanOrEqual(0);
      expect(metricValue(r, 'postgres.replication.lag_s')).toBeGreaterThanOrEqual(0);
      expect(r.snapshots![0].attributes).toMatchObject({ role: 'replica' });
    } finally {
      await onReplica.stop();
      await onPrimary.stop();
    }
  });
});
