import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createBatchWriter } from './batch-writer.js';
import { createStorage } from './create-storage.js';
import type { Storage } from './storage.js';

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-bw-'));
  storage = await createStorage(loadConfig({ dataDir: dir }));
  await storage.command('CREATE TABLE t (n UInt32, at DateTime64(3)) ENGINE = MergeTree ORDER BY n');
});
afterAll(async () => {
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch writer', () => {
  it('groups concurrent writes into one insert and acknowledges each once stored', async () => {
    const w = createBatchWriter(storage, { table: 't', columns: ['n', 'at'], flushMs: 50, attempts: 1 });
    await Promise.all([1, 2, 3].map((n) => w.write(`${n}\t1800000000.000\n`, 1)));
    const [{ c }] = await storage.query<{ c: number }>('SELECT count() AS c FROM t WHERE n <= 3');
    expect(c).toBe(3);
  });

  it('fails only the request whose rows ClickHouse refuses, not the others in the same batch', async () => {
    const w = createBatchWriter(storage, { table: 't', columns: ['n', 'at'], flushMs: 50, attempts: 1 });
    const results = await Promise.allSettled([
      w.write('10\t1800000000.000\n', 1),
      w.write('11\tnot-a-time\n', 1),
      w.write('12\t1800000000.000\n13\t1800000000.000\n', 2),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // the culprit is told its rows are refused (400: a retry would fail the same way), the others are stored
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INSERT_REFUSED', status: 400 });
    const rows = await storage.query<{ n: number }>('SELECT n FROM t WHERE n >= 10 ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([10, 12, 13]);
  });

  it('refuses writes beyond the queue bound with OVERLOADED instead of growing without limit', async () => {
    const w = createBatchWriter(storage, { table: 't', columns: ['n', 'at'], flushMs: 10_000, maxPendingRows: 2 });
    const first = w.write('20\t1800000000.000\n21\t1800000000.000\n', 2);
    await expect(w.write('22\t1800000000.000\n', 1)).rejects.toMatchObject({ code: 'OVERLOADED' });
    await w.flush();
    await first;
  });

  it('refuses writes beyond the byte bound too, but always takes a write into an empty queue', async () => {
    const w = createBatchWriter(storage, { table: 't', columns: ['n', 'at'], flushMs: 10_000, maxPendingBytes: 40 });
    const line = (n: number) => `${n}\t1800000000.000\n`; // 18 bytes
    const big = w.write(line(30) + line(31) + line(32), 3); // 54 bytes: over the bound, but the queue is empty
    await expect(w.write(line(33), 1)).rejects.toMatchObject({ code: 'OVERLOADED', status: 503 });
    await w.flush();
    await big;
    const small = w.write(line(34), 1);
    const second = w.write(line(35), 1); // 36 bytes queued: within the bound
    await w.flush();
    await Promise.all([small, second]);
    const rows = await storage.query<{ n: number }>('SELECT n FROM t WHERE n >= 30 ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([30, 31, 32, 34, 35]);
  });
});
