/**
 * End to end: the real agent discovers real nginx / PostgreSQL / Redis servers with no configuration beyond
 * credentials, the collector stores their metrics at 1-second resolution with values that agree with the
 * servers, and a stopped server's sensor is unloaded and its entity marked offline while the agent stays healthy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '@argus/agent';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { sensor as nginx } from '../../sensors/nginx/src/index.js';
import { sensor as postgres } from '../../sensors/postgres/src/index.js';
import { sensor as redis } from '../../sensors/redis/src/index.js';
import { startTestAgent } from '../../agent/testing/test-agent.js';
import {
  httpGet,
  startNginx,
  startPostgres,
  startRedis,
  waitUntil,
  type NginxServer,
  type PostgresServer,
  type RedisServer,
} from '../servers/index.js';

const SENSORS = [nginx, postgres, redis];

interface Point {
  t: number;
  v: number;
}

const get = async (port: number, path: string) => (await httpGet(port, path)).body;

describe('nginx, PostgreSQL and Redis sensors in the agent, stored by the collector', () => {
  let collector: TestCollector;
  let agent: RunningAgent;
  let dataDir: string;
  let ng: NginxServer;
  let pgs: PostgresServer;
  let rds: RedisServer;
  let locked: RedisServer;
  let bare: NginxServer;
  let startedAt: number;
  const id = (tech: string, port: number) => `${tech}:${agent.identity.hostId}:${port}`;

  const points = async (entity: string, metric: string, attrs: Record<string, string> = {}): Promise<Point[]> => {
    const filter = Object.keys(attrs)
      .map((k) => ` AND attributes[{k_${k}:String}] = {v_${k}:String}`)
      .join('');
    const params: Record<string, unknown> = { entity, metric };
    for (const [k, v] of Object.entries(attrs)) {
      params[`k_${k}`] = k;
      params[`v_${k}`] = v;
    }
    const rows = await collector.deps.storage.query<{ t: string; v: number }>(
      `SELECT toString(toUnixTimestamp64Milli(timestamp)) AS t, value AS v FROM metric_points
       WHERE tenant = 'default' AND entity_id = {entity:String} AND metric = {metric:String}${filter} ORDER BY timestamp`,
      params,
    );
    return rows.map((r) => ({ t: Number(r.t), v: Number(r.v) }));
  };
  const latest = async (entity: string, metric: string, attrs?: Record<string, string>) => (await points(entity, metric, attrs)).at(-1);
  const api = async (path: string) => {
    const res = await fetch(`${collector.apiUrl}/api/v1${path}`);
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const slotKeys = () => agent.supervisor.slots().map((s) => s.spec.key);

  beforeAll(async () => {
    collector = await startTestCollector();
    [ng, pgs, rds, locked, bare] = await Promise.all([
      startNginx({ stubStatus: true }),
      startPostgres({ password: 'pg-e2e' }),
      startRedis({ password: 'redis-e2e' }),
      startRedis({ password: 'unknown-to-the-agent' }),
      startNginx({ stubStatus: false }),
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-agent-'));
    // the only configuration: credentials (Redis per port, so the second Redis has none)
    startedAt = Date.now();
    agent = await startTestAgent({
      endpoint: collector.ingestUrl,
      key: collector.ingestKey,
      dataDir,
      sensors: SENSORS,
      file: {
        // a generous collect timeout: the CI machine is shared and often saturated
        intervals: { discoveryMs: 1000, heartbeatMs: 1000, entityRefreshMs: 5000, collectTimeoutMs: 2000 },
        sensors: { postgres: { password: 'pg-e2e' }, redis: { instances: { [String(rds.port)]: { password: 'redis-e2e' } } } },
      },
    });
  });

  afterAll(async () => {
    await agent?.stop();
    await Promise.all([ng?.stop(), pgs?.stop(), rds?.stop(), locked?.stop(), bare?.stop()]);
    await collector?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('discovers every server within 15 s', async () => {
    const want = [
      `nginx/port:${ng.port}`,
      `nginx/port:${bare.port}`,
      `postgres/port:${pgs.port}`,
      `redis/port:${rds.port}`,
      `redis/port:${locked.port}`,
    ];
    await waitUntil('all sensors loaded', () => want.every((k) => slotKeys().includes(k)), { timeoutMs: 15_000, intervalMs: 200 });
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  });

  it('stores 1-second metrics whose values agree with the servers', async () => {
    // Redis: N extra connections -> connected_clients
    const N = 5;
    const clients = await Promise.all(
      Array.from({ length: N }, async () => {
        const c = new Redis({ host: '127.0.0.1', port: rds.port, password: 'redis-e2e', lazyConnect: true });
        await c.connect();
        return c;
      }),
    );
    // PostgreSQL: M transactions; nginx: K requests
    const admin = new pg.Client({ host: '127.0.0.1', port: pgs.port, user: 'postgres', password: 'pg-e2e', database: 'postgres' });
    await admin.connect();
    const commits = async () =>
      Number((await admin.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'`)).rows[0].xact_commit);
    try {
      await waitUntil(
        'first postgres point',
        async () => (await latest(id('postgres', pgs.port), 'postgres.xact.commit', { db: 'postgres' })) !== undefined,
        { timeoutMs: 20_000, intervalMs: 500 },
      );
      await waitUntil('first nginx point', async () => (await latest(id('nginx', ng.port), 'nginx.requests')) !== undefined, {
        timeoutMs: 20_000,
        intervalMs: 500,
      });
      const pgBefore = (await latest(id('postgres', pgs.port), 'postgres.xact.commit', { db: 'postgres' }))!;
      const ngBefore = (await latest(id('nginx', ng.port), 'nginx.requests'))!;
      const M = 80;
      const K = 60;
      // M transactions on their own connection; closing it flushes that backend's statistics at once
      // (a live backend publishes them up to ~10 s later)
      const worker = new pg.Client({ host: '127.0.0.1', port: pgs.port, user: 'postgres', password: 'pg-e2e', database: 'postgres' });
      await worker.connect();
      for (let i = 0; i < M; i++) await worker.query('SELECT 1');
      await worker.end();
      for (let i = 0; i < K; i++) await get(ng.port, '/');

      const info = await clients[0].info('clients');
      const serverClients = Number(/connected_clients:(\d+)/.exec(info)![1]);
      expect(serverClients).toBeGreaterThanOrEqual(N + 1); // ours + the sensor's
      await waitUntil(
        'redis connected_clients stored',
        async () => (await latest(id('redis', rds.port), 'redis.clients.connected'))?.v === serverClients,
        { timeoutMs: 10_000, intervalMs: 500 },
      );

      await waitUntil(
        'postgres commits stored',
        async () => {
          const p = await latest(id('postgres', pgs.port), 'postgres.xact.commit', { db: 'postgres' });
          return !!p && p.v - pgBefore.v >= M;
        },
        { timeoutMs: 20_000, intervalMs: 500 },
      );
      const pgPoint = (await points(id('postgres', pgs.port), 'postgres.xact.commit', { db: 'postgres' })).find(
        (p) => p.v - pgBefore.v >= M,
      )!;
      // the sensor reports the server's own counter: never above what the server reports a moment later
      expect(pgPoint.v).toBeLessThanOrEqual(await commits());
      // the per-second rate shows the jump: rate = counter delta / measured interval (about a second)
      const counter = await points(id('postgres', pgs.port), 'postgres.xact.commit', { db: 'postgres' });
      const rates = new Map(
        (await points(id('postgres', pgs.port), 'postgres.xact.commit.rate', { db: 'postgres' })).map((p) => [p.t, p.v]),
      );
      let jump = 1;
      for (let i = 1; i < counter.length; i++) if (counter[i].v - counter[i - 1].v > counter[jump].v - counter[jump - 1].v) jump = i;
      const delta = counter[jump].v - counter[jump - 1].v;
      expect(delta).toBeGreaterThanOrEqual(M / 4);
      expect(rates.get(counter[jump].t)).toBeGreaterThan(delta / 2.5);
      expect(rates.get(counter[jump].t)).toBeLessThan(delta / 0.4);

      await waitUntil(
        'nginx requests stored',
        async () => {
          const p = await latest(id('nginx', ng.port), 'nginx.requests');
          return !!p && p.v - ngBefore.v >= K;
        },
        { timeoutMs: 10_000, intervalMs: 500 },
      );
      const ngPoint = (await points(id('nginx', ng.port), 'nginx.requests')).find((p) => p.v - ngBefore.v >= K)!;
      // the stored counter is the server's own: never above what stub_status reports afterwards
      // (other agents on a shared machine may poll the same nginx, so no upper bound on the delta)
      const serverRequests = Number(/\s(\d+)\s+(\d+)\s+(\d+)/.exec(await get(ng.port, '/nginx_status'))![3]);
      expect(ngPoint.v).toBeLessThan(serverRequests);

      // 1-second resolution: consecutive points one second apart
      await waitUntil('5 redis points', async () => (await points(id('redis', rds.port), 'redis.clients.connected')).length >= 5, {
        timeoutMs: 15_000,
        intervalMs: 500,
      });
      const series = await points(id('redis', rds.port), 'redis.clients.connected');
      const gaps = series.slice(1).map((p, i) => p.t - series[i].t);
      expect(gaps.filter((g) => g === 1000).length).toBeGreaterThanOrEqual(gaps.length - 2);
    } finally {
      for (const c of clients) c.disconnect();
      await admin.end();
    }
  });

  it('shows entities with snapshots through the API, and a clear event for the Redis without credentials', async () => {
    await waitUntil(
      'entities stored',
      async () => {
        const r = await api('/infrastructure/entities?q=' + encodeURIComponent(agent.identity.hostId));
        const ids = new Set(r.entities.filter((e: any) => e.attributes.version).map((e: any) => e.id));
        return [id('nginx', ng.port), id('postgres', pgs.port), id('redis', rds.port)].every((x) => ids.has(x));
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    const { entity } = await api(`/infrastructure/entities/${encodeURIComponent(id('postgres', pgs.port))}`);
    expect(entity).toMatchObject({ type: 'postgres', online: true });
    expect(entity.attributes).toMatchObject({ data_directory: pgs.dataDir, max_connections: 40, role: 'primary' });
    const redisEntity = (await api(`/infrastructure/entities/${encodeURIComponent(id('redis', rds.port))}`)).entity;
    expect(redisEntity.attributes).toMatchObject({ role: 'master', mode: 'standalone', maxmemory: 0 });
    expect((await api(`/infrastructure/entities/${encodeURIComponent(id('nginx', ng.port))}`)).entity.attributes).toMatchObject({
      stub_status: true,
      workers: 1,
    });

    const lockedId = id('redis', locked.port);
    const events = await waitUntil(
      'auth event stored',
      async () => {
        const r = await api(`/infrastructure/events?entity=${encodeURIComponent(lockedId)}`);
        return r.events.some((e: any) => e.code === 'REDIS_AUTH_REQUIRED');
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    ).then(() => api(`/infrastructure/events?entity=${encodeURIComponent(lockedId)}`));
    const auth = events.events.filter((e: any) => e.code === 'REDIS_AUTH_REQUIRED');
    expect(auth).toHaveLength(1);
    expect(auth[0].message).toContain(`instances."${locked.port}".password`);
    expect((await latest(lockedId, 'redis.up'))?.v).toBe(0);
    // nginx without stub_status: one event with the config to add, and the health fact
    const bareId = id('nginx', bare.port);
    await waitUntil(
      'stub_status event stored',
      async () =>
        (await api(`/infrastructure/events?entity=${encodeURIComponent(bareId)}`)).events.some(
          (e: any) => e.code === 'NGINX_STUB_STATUS_MISSING',
        ),
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    const bareEvents = (await api(`/infrastructure/events?entity=${encodeURIComponent(bareId)}`)).events.filter(
      (e: any) => e.code === 'NGINX_STUB_STATUS_MISSING',
    );
    expect(bareEvents).toHaveLength(1);
    expect(bareEvents[0].message).toContain('stub_status;');
    expect((await latest(bareId, 'nginx.stub_status_missing'))?.v).toBe(1);
    // the metrics API serves the same 1-second points
    const metricsApi = () => {
      const now = Date.now();
      return api(
        `/metrics?entity=${encodeURIComponent(id('redis', rds.port))}&metric=redis.clients.connected&from=${now - 120_000}&to=${now}`,
      );
    };
    await waitUntil('5 points from the metrics API', async () => ((await metricsApi()).series[0]?.points.length ?? 0) >= 5, {
      timeoutMs: 15_000,
      intervalMs: 500,
    });
    expect((await metricsApi()).stepMs).toBe(1000);
  });

  it('stopping a server unloads its sensor and marks the entity offline; the agent and other sensors carry on', async () => {
    const redisId = id('redis', rds.port);
    const port = rds.port;
    await rds.stop();
    await waitUntil('redis sensor unloaded', () => !slotKeys().includes(`redis/port:${port}`), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
    await waitUntil(
      'redis entity offline',
      async () => (await api(`/infrastructure/entities/${encodeURIComponent(redisId)}`)).entity.online === false,
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(slotKeys()).toEqual(expect.arrayContaining([`nginx/port:${ng.port}`, `postgres/port:${pgs.port}`]));
    const before = (await latest(id('postgres', pgs.port), 'postgres.up'))!.t;
    await waitUntil(
      'postgres still sampled',
      async () => ((await latest(id('postgres', pgs.port), 'postgres.up'))?.t ?? 0) >= before + 2000,
      { timeoutMs: 10_000, intervalMs: 500 },
    );
    expect(agent.supervisor.stats().failing).toBe(0);

    // back on the same port: picked up again, entity online
    rds = await startRedis({ password: 'redis-e2e', port });
    await waitUntil('redis sensor reloaded', () => slotKeys().includes(`redis/port:${port}`), { timeoutMs: 15_000, intervalMs: 200 });
    await waitUntil(
      'redis entity online again',
      async () => (await api(`/infrastructure/entities/${encodeURIComponent(redisId)}`)).entity.online === true,
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    const restartedAt = Date.now();
    await waitUntil(
      'fresh redis points',
      async () => ((await latest(redisId, 'redis.up'))?.t ?? 0) >= restartedAt && (await latest(redisId, 'redis.up'))?.v === 1,
      { timeoutMs: 10_000, intervalMs: 500 },
    );
  });
});
