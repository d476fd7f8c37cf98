/**
 * The engine's own failure on a full disk (chDB 26.7): a merge that the disk fills up under commits its part with
 * the files cut short and reports no error. With the collector's disk guard (disk-guard.ts) the rows are all there
 * again once space returns. Mounting a tmpfs needs root (CI runs as root).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startTestCollector } from '../../testing/index.js';
import { canMountTmpfs, mountTmpfs } from '../../testing/tmpfs.js';

it.skipIf(!canMountTmpfs())(
  'a merge the disk fills up under loses no rows: the guard puts back a part it left broken',
  async () => {
    const fs = mountTmpfs(160 * 1024);
    mkdirSync(join(fs.dir, 'data'));
    const c = await startTestCollector({ dataDir: join(fs.dir, 'data') });
    try {
      const s = c.deps.storage;
      const total = async () => (await s.query<{ n: string; b: string }>('SELECT count() AS n, sum(b) AS b FROM probe'))[0];
      await s.command('CREATE TABLE probe (ts DateTime64(9), a String, b UInt64, c Array(String)) ENGINE = MergeTree ORDER BY ts');
      await s.command('SYSTEM STOP MERGES probe');
      // six parts of ~4 MB: their merge needs ~24 MB, which the disk has when it starts
      for (let i = 0; i < 6; i++)
        await s.command(`INSERT INTO probe SELECT now64(9), toString(number), number, [toString(number)] FROM numbers(150000)`);
      const before = await total();
      await s.command('SYSTEM START MERGES probe');
      const filler = join(fs.dir, 'filler');
      const dd = spawn('sh', ['-c', `sleep 0.05; dd if=/dev/zero of=${filler} bs=64k 2>/dev/null; true`]);
      const filled = new Promise((r) => dd.on('exit', r));
      // the merge: committed broken (what the engine does), refused, or cancelled by the guard; never an error here
      await s.command('OPTIMIZE TABLE probe FINAL').catch(() => undefined);
      await filled;
      await new Promise((r) => setTimeout(r, 1000));
      rmSync(filler);
      const end = Date.now() + 60_000;
      // reads fail while the broken part is active (until the guard has put its rows back)
      let now = await total().catch((e: unknown) => e as Error);
      while (now instanceof Error && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 200));
        now = await total().catch((e: unknown) => e as Error);
      }
      expect(now).toEqual(before);
      expect(Number(before.n)).toBe(900_000);
    } finally {
      await c.destroy();
      fs.remove();
    }
  },
  120_000,
);
