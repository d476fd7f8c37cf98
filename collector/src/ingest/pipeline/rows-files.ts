/**
 * A request's RowBinary rows written to a file in the embedded storage's insert scratch directory (`Storage.rowsDir`)
 * by the thread that built them: the batch's insert reads the files in place, so the rows neither cross to the main
 * thread nor wait in its memory for their insert (issue 19: they were most of the collector's Buffers under load, and
 * the main thread's collections followed their churn). The pipeline removes the files once the batch is done; the
 * directory is emptied when the storage opens (a crash leaves nothing behind that a restart would read: the
 * write-ahead log's replay builds the rows again).
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { RowChunk } from '../../storage/storage.js';
import type { TableRows } from '../../storage/insert-table.js';

/** Hands back where the rows now are: a file, or (no directory, or the write failed) the rows themselves. */
export type RowsSpill = (rows: Buffer) => RowChunk;

export function createRowsSpill(dir: string | undefined): RowsSpill {
  if (dir === undefined) return (rows) => rows;
  // unique across the process's threads and across restarts of a thread
  const run = `${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`;
  let n = 0;
  return (rows) => {
    if (rows.length === 0) return rows;
    const file = join(dir, `rows-${run}-${++n}.bin`);
    try {
      // all of it or an error (writeFileSync writes until done): a full disk keeps the rows in memory instead
      writeFileSync(file, rows);
      return { file, bytes: rows.length };
    } catch {
      try {
        unlinkSync(file);
      } catch {
        /* not created */
      }
      return rows;
    }
  };
}

/** Removes the files of rows that are stored (or given up). */
export async function removeRowsFiles(tables: readonly TableRows[]): Promise<void> {
  for (const t of tables) if (!Buffer.isBuffer(t.data)) await unlink(t.data.file).catch(() => undefined);
}
