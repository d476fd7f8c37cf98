import { readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';
import { localLease } from '../jobs/lease.js';
import { createJobRunner } from '../jobs/runner.js';
import { createTelemetry } from '../telemetry.js';
import { registerDiskGuard } from './disk-guard.js';

const MiB = 1024 * 1024;
let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
}, 120_000);
afterAll(() => c?.destroy());

const until = async (what: string, ok: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('disk guard (embedded storage)', () => {
  it('stops merges below the floor, and when space returns puts back the rows of a part a merge left broken', async () => {
    const s = c.deps.storage;
    const sum = async () => (await s.query<{ n: string; s: string }>('SELECT count() AS n, sum(v) AS s FROM guard_probe'))[0];
    await s.command('CREATE TABLE guard_probe (v UInt64) ENGINE = MergeTree ORDER BY v');
    await s.command('SYSTEM STOP MERGES guard_probe');
    for (let i = 0; i < 4; i++) await s.command(`INSERT INTO guard_probe SELECT number + ${i * 1000} FROM numbers(1000)`);
    await s.command('SYSTEM START MERGES guard_probe');
    await s.command('OPTIMIZE TABLE guard_probe FINAL');
    const before = await sum();
    expect(Number(before.n)).toBe(4000);
    // what a full disk did to a merge in chDB 26.7: the merged part committed with its files cut short
    const [merged] = await s.query<{ name: string; path: string }>(
      `SELECT name, path FROM system.parts WHERE table = 'guard_probe' AND active AND level > 0`,
    );
    expect(merged, 'the four parts were merged').toBeDefined();
    for (const f of readdirSync(merged.path)) if (/\.(bin|cmrk\d?|mrk\d?)$/.test(f)) truncateSync(join(merged.path, f), 0);
    await expect(sum()).rejects.toThrow(/marks|CORRUPTED|CANNOT_READ|read/i);

    // a guard of its own (the collector's watches the real disk), with the free space it is told
    let free = 1 * MiB;
    const telemetry = createTelemetry();
    const jobs = createJobRunner({ log: c.deps.log, telemetry, lease: localLease() });
    const stopped = () => telemetry.render().includes('argus_storage_merges_stopped 1');
    const guard = registerDiskGuard({
      storage: s,
      jobs,
      telemetry,
      log: c.deps.log,
      dataDir: '/',
      minFreeBytes: 64 * MiB,
      freeBytes: () => free,
      recheckMs: 3_600_000,
    });
    await jobs.start();
    await until('merges stopped', stopped);
    // with merges stopped, ClickHouse merges nothing, not even when asked
    await s.command('INSERT INTO guard_probe SELECT 1 FROM numbers(1)');
    await expect(s.command('OPTIMIZE TABLE guard_probe PARTITION tuple() FINAL')).rejects.toThrow(/ABORTED|Cancelled/i);
    free = 1024 * MiB;
    await until('merges started again', () => !stopped());
    await until('rows back', async () => {
      try {
        return Number((await sum()).n) === 4001;
      } catch {
        return false;
      }
    });
    expect(Number((await sum()).s)).toBe(Number(before.s) + 1);
    const parts = await s.query<{ name: string }>(`SELECT name FROM system.parts WHERE table = 'guard_probe' AND active AND rows > 0`);
    expect(parts.map((p) => p.name)).not.toContain(merged.name);
    // the broken copy is not kept in detached/ either
    expect(await s.query(`SELECT name FROM system.detached_parts WHERE table = 'guard_probe'`)).toEqual([]);
    expect(telemetry.render()).toMatch(/argus_storage_parts_repaired_total 1/);
    await guard.settle(); // nothing due any more: a no-op
    await jobs.stop();
  }, 60_000);
});
