import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createStorage } from '../storage/create-storage.js';
import { migrate } from '../storage/migrate.js';
import type { Storage } from '../storage/storage.js';
import { createTelemetry } from '../telemetry.js';
import { JOBS_MIGRATIONS_DIR } from './index.js';
import { tableLease } from './lease.js';
import { createJobRunner } from './runner.js';

// The server-mode lease SQL, run in the embedded engine: several collectors sharing one ClickHouse are simulated
// by several leases (and runners) with different holder names on one storage.
const log = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'argus-lease-'));
let storage: Storage;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(10);
  }
};
const lease = (holder: string, ttlMs = 1500) => tableLease(storage, { holder, ttlMs, settleMs: 100, log });

beforeAll(async () => {
  storage = await createStorage(loadConfig({ dataDir: dir }, {}));
  await migrate(storage, [JOBS_MIGRATIONS_DIR], { mode: 'server', retentionDays: 7, metricsRawRetentionHours: 48 }, log);
});
beforeEach(() => storage.command('TRUNCATE TABLE argus_job_leases'));
afterAll(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

it('two collectors claiming a free lease at once agree on one holder', async () => {
  for (let round = 0; round < 3; round++) {
    const a = lease(`a${round}`);
    const b = lease(`b${round}`);
    await Promise.all([a.start(), b.start()]);
    expect([a.held(), b.held()].filter(Boolean)).toHaveLength(1);
    await Promise.all([a.stop(), b.stop()]);
  }
});

it('the holder keeps the lease by renewing; a released lease passes to the other at once', async () => {
  const a = lease('a');
  await a.start();
  const b = lease('b');
  await b.start();
  expect(a.held()).toBe(true);
  expect(b.held()).toBe(false);
  await sleep(2500); // longer than the ttl: a renewed it, b could not take it
  expect(a.held()).toBe(true);
  expect(b.held()).toBe(false);
  await a.stop();
  await until(() => b.held());
  expect(b.term()).toBe(1);
  await b.stop();
});

it('an expired lease of a vanished collector is taken over, with the next epoch', async () => {
  await storage.command(
    `INSERT INTO argus_job_leases (name, epoch, holder, expires_at, updated_at)
     SELECT 'singleton-jobs', 7, 'ghost', now64(3) + toIntervalMillisecond(1000), now64(6)`,
  );
  const a = lease('a');
  await a.start();
  expect(a.held()).toBe(false);
  await until(() => a.held());
  const [top] = await storage.query<{ epoch: number; holder: string }>(
    `SELECT tupleElement(t, 1) AS epoch, tupleElement(t, 2) AS holder FROM (SELECT max((epoch, holder, updated_at)) AS t FROM argus_job_leases)`,
  );
  expect(top).toEqual({ epoch: 8, holder: 'a' });
  await a.stop();
});

it('two job runners on one store: a singleton job runs on one of them only, and moves when that one stops', async () => {
  const ran: string[] = [];
  const runners = ['x', 'y'].map((name) => {
    const r = createJobRunner({ log, telemetry: createTelemetry(), lease: lease(name) });
    r.register({ name: 'evaluate', intervalMs: 50, singleton: true, run: () => void ran.push(name) });
    r.register({ name: 'local', intervalMs: 50, run: () => undefined });
    return { name, r };
  });
  await Promise.all(runners.map((x) => x.r.start()));
  await until(() => ran.length >= 10);
  const leader = runners.find((x) => x.r.isLeader())!;
  const other = runners.find((x) => x !== leader)!;
  expect(new Set(ran)).toEqual(new Set([leader.name]));
  expect(other.r.status().find((s) => s.name === 'local')!.runs).toBeGreaterThan(0);
  await leader.r.stop();
  ran.length = 0;
  await until(() => ran.length >= 5);
  expect(new Set(ran)).toEqual(new Set([other.name]));
  await other.r.stop();
});
