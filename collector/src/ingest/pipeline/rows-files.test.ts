/**
 * Spans' rows written to files by the decode threads (rows-files.ts) and read in place by the embedded engine's
 * insert: the bytes land in the file, a write that fails keeps the rows in memory, an insert mixes files and buffers,
 * and the pipeline leaves no file behind once a batch is stored.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';
import { createWorld, eventually, SpanKind } from '../../../testing/otel-world.js';
import { filesPath } from '../../storage/embedded.js';
import type { RowsFile } from '../../storage/storage.js';
import { buildTemplates, freshBody } from '../../../../bench/ingest/generate.js';
import { timeLimits } from '../otlp/limits.js';
import { createDecodePool } from './decode-pool.js';
import { createDecoder, type DecodeTask } from './decode-task.js';
import { createRowsSpill, removeRowsFiles } from './rows-files.js';

/** a RowBinary row of (body String, timestamp DateTime64(9)): now, so the table's retention keeps it */
const strRow = (s: string) => {
  const ts = Buffer.alloc(8);
  ts.writeBigInt64LE(BigInt(Date.now()) * 1_000_000n);
  return Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s), ts]);
};

describe('rows spilled to files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-rows-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the rows to a file of their own and hands back where they are', async () => {
    const spill = createRowsSpill(dir);
    const rows = Buffer.concat([strRow('a'), strRow('bc')]);
    const a = spill(rows) as RowsFile;
    const b = spill(rows) as RowsFile;
    expect(Buffer.isBuffer(a)).toBe(false);
    expect(a.file).not.toBe(b.file);
    expect(a.bytes).toBe(rows.length);
    expect(readFileSync(a.file).equals(rows)).toBe(true);
    await removeRowsFiles([{ table: 'logs', format: 'RowBinary', columns: [], data: a, rows: 2 }]);
    expect(existsSync(a.file)).toBe(false);
    expect(existsSync(b.file)).toBe(true);
  });

  it('keeps the rows in memory without a directory, or when the file cannot be written', () => {
    const rows = strRow('x');
    expect(createRowsSpill(undefined)(rows)).toBe(rows);
    expect(createRowsSpill(join(dir, 'no-such-dir'))(rows)).toBe(rows);
  });

  it('decode threads write spans rows to files with the bytes they would hand over in memory', async () => {
    const body = freshBody(buildTemplates(1, 200, 'protobuf')[0], false);
    const task: DecodeTask = {
      signal: 'traces',
      tenant: 't1',
      format: 'protobuf',
      encoding: 'identity',
      body,
      limits: timeLimits(7),
      maxBodyBytes: 1 << 24,
    };
    const inMemory = createDecoder().decode(task).tables[0].data as Buffer;
    const pool = createDecodePool(2, { rowsDir: dir });
    try {
      const decoded = await pool.decode(task);
      const spans = (await decoded.rows).tables[0];
      expect(Buffer.isBuffer(spans.data)).toBe(false);
      const f = spans.data as RowsFile;
      expect(f.bytes).toBe(inMemory.length);
      expect(readFileSync(f.file).equals(inMemory)).toBe(true);
      await removeRowsFiles([spans]);
    } finally {
      await pool.close();
    }
  });

  it("names an insert's files for file(): one as it is, several as an alternation, nothing outside the directory", () => {
    expect(filesPath(dir, [join(dir, 'a.bin')])).toBe(join(dir, 'a.bin'));
    expect(filesPath(dir, [join(dir, 'a.bin'), join(dir, 'b.bin')])).toBe(join(dir, '{a.bin,b.bin}'));
    expect(() => filesPath(dir, ['/etc/passwd'])).toThrow(/not a plain file name/);
    expect(() => filesPath(dir, [join(dir, 'a,b.bin')])).toThrow(/not a plain file name/);
  });
});

describe('embedded storage with rows in files', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startTestCollector();
  }, 120_000);
  afterAll(() => c?.destroy());

  it('inserts rows from files and from memory together, once each', async () => {
    const s = c.deps.storage;
    expect(s.rowsDir).toBeDefined();
    const spill = createRowsSpill(s.rowsDir);
    const chunks = [strRow('mem-1'), spill(strRow('file-1')), spill(Buffer.concat([strRow('file-2'), strRow('file-3')]))];
    expect(chunks.filter((x) => !Buffer.isBuffer(x))).toHaveLength(2);
    const cols = [
      { name: 'body', type: 'String' },
      { name: 'timestamp', type: "DateTime64(9, 'UTC')" },
    ];
    await s.insertRowBinary('logs', cols, chunks, { token: 'rows-files-1' });
    await s.insertRowBinary('logs', cols, chunks, { token: 'rows-files-1' }); // a retry: deduplicated
    const rows = await s.query<{ body: string }>(`SELECT body FROM logs WHERE body LIKE 'mem-%' OR body LIKE 'file-%' ORDER BY body`);
    expect(rows.map((r) => r.body)).toEqual(['file-1', 'file-2', 'file-3', 'mem-1']);
    // the caller's files stay until it removes them; the insert's own file for the rows in memory is gone
    expect(readdirSync(s.rowsDir!).sort()).toEqual(chunks.flatMap((x) => (Buffer.isBuffer(x) ? [] : [basename(x.file)])).sort());
    await removeRowsFiles(chunks.map((data) => ({ table: 'logs', format: 'RowBinary', columns: cols, data, rows: 1 })));
    expect(readdirSync(s.rowsDir!)).toEqual([]);
  });

  it('stores spans sent over OTLP and removes their rows files once stored', async () => {
    const world = createWorld(c.ingestUrl, c.ingestKey);
    const svc = world.service('rows-files-svc');
    const now = Date.now();
    const spans = Array.from({ length: 50 }, (_, i) =>
      svc.span({ name: `GET /r/${i}`, kind: SpanKind.SERVER, startMs: now - 1000 + i, durationMs: 3 }),
    );
    await world.send(spans.slice(0, 25));
    await world.send(spans.slice(25));
    await world.close();
    await eventually(async () => {
      const [r] = await c.deps.storage.query<{ n: string }>(`SELECT count() AS n FROM spans WHERE service = 'rows-files-svc'`);
      return Number(r.n) === 50;
    });
    await eventually(() => Promise.resolve(readdirSync(c.deps.storage.rowsDir!).length === 0));
  });
});
