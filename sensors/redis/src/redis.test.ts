import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, processInfo, startRedis, startSensor, type RedisServer } from '../../../test/servers/index.js';
import { parseInfo } from './info.js';
import { sensor } from './index.js';

describeSensorConformance(sensor, {
  target: async () => {
    const srv = await startRedis();
    return { process: processInfo(srv.pid), cleanup: () => srv.stop() };
  },
});

const connect = async (port: number, password?: string) => {
  const c = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true });
  await c.connect();
  return c;
};

describe('redis sensor against a real redis-server', () => {
  let srv: RedisServer;
  beforeAll(async () => {
    srv = await startRedis();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('detects the server from its process with the right port', () => {
    const target = sensor.detect(processInfo(srv.pid), sensor.configSchema.parse({}));
    expect(target).toMatchObject({ pid: srv.pid, port: srv.port });
    expect(sensor.targetKey(target!)).toBe(`port:${srv.port}`);
  });

  it('reports what INFO reports: clients, commands, keys', async () => {
    const h = await startSensor(sensor, sensor.detect(processInfo(srv.pid), {} as never));
    const clients = await Promise.all(Array.from({ length: 6 }, () => connect(srv.port)));
    try {
      const first = await h.settled();
      const cmdsBefore = metricValue(first, 'redis.commands')!;
      const K = 250;
      for (let i = 0; i < K; i++) await clients[i % clients.length].set(`k${i % 40}`, String(i));
      const r = await h.collect();
      const own = parseInfo(await clients[0].info('all'));
      // 6 test clients + the sensor's own connection (+ any other agent on this shared machine)
      expect(metricValue(r, 'redis.clients.connected')).toBe(Number(own.get('connected_clients')));
      expect(metricValue(r, 'redis.clients.connected')).toBeGreaterThanOrEqual(7);
      expect(metricValue(r, 'redis.db.keys', { db: '0' })).toBe(40);
      expect(metricValue(r, 'redis.commands')! - cmdsBefore).toBeGreaterThanOrEqual(K);
      expect(metricValue(r, 'redis.commands')).toBeLessThanOrEqual(Number(own.get('total_commands_processed')));
      expect(metricValue(r, 'redis.commands.rate')).toBeGreaterThan(0);
      expect(metricValue(r, 'redis.up')).toBe(1);
      const snap = r.snapshots?.[0] ?? first.snapshots?.[0];
      expect(snap).toMatchObject({ id: `redis:test-host:${srv.port}`, type: 'redis' });
      expect(snap!.attributes).toMatchObject({
        version: own.get('redis_version'),
        role: 'master',
        mode: 'standalone',
        maxmemory_policy: 'noeviction',
      });
    } finally {
      for (const c of clients) c.disconnect();
      await h.stop();
    }
  });

  it('computes the keyspace hit ratio over the last interval', async () => {
    const h = await startSensor(sensor, sensor.detect(processInfo(srv.pid), {} as never));
    const c = await connect(srv.port);
    try {
      await h.settled();
      await c.set('hit', '1');
      for (let i = 0; i < 3; i++) await c.get('hit');
      await c.get('missing-key');
      const r = await h.collect();
      expect(metricValue(r, 'redis.keyspace.hit_ratio')).toBeCloseTo(0.75, 5);
    } finally {
      c.disconnect();
      await h.stop();
    }
  });
});

describe('redis sensor with authentication', () => {
  let srv: RedisServer;
  beforeAll(async () => {
    srv = await startRedis({ password: 'right-pw' });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  const target = () => sensor.detect(processInfo(srv.pid), {} as never);

  it('without a password: one REDIS_AUTH_REQUIRED event, redis.up 0, no throw', async () => {
    const h = await startSensor(sensor, target());
    expect(metricValue(await h.settled(), 'redis.up')).toBe(0);
    for (let i = 0; i < 2; i++) expect(metricValue(await h.collect(), 'redis.up')).toBe(0);
    await h.stop();
    expect(h.events.map((e) => e.code)).toEqual(['REDIS_AUTH_REQUIRED']);
    expect(h.events[0].message).toContain('sensors.redis.password');
    expect(h.events[0].entityId).toBe(`redis:test-host:${srv.port}`);
  });

  it('with a wrong password: one REDIS_AUTH_FAILED event', async () => {
    const h = await startSensor(sensor, target(), { password: 'wrong' });
    expect(metricValue(await h.settled(), 'redis.up')).toBe(0);
    for (let i = 0; i < 2; i++) expect(metricValue(await h.collect(), 'redis.up')).toBe(0);
    await h.stop();
    expect(h.events.map((e) => e.code)).toEqual(['REDIS_AUTH_FAILED']);
  });

  it('with the per-port password: metrics and no event', async () => {
    const h = await startSensor(sensor, target(), { instances: { [String(srv.port)]: { password: 'right-pw' } } });
    const r = await h.settled();
    await h.stop();
    expect(metricValue(r, 'redis.up')).toBe(1);
    expect(metricValue(r, 'redis.clients.connected')).toBeGreaterThanOrEqual(1);
    expect(h.events).toEqual([]);
  });
});
