import type { Hono } from 'hono';
import { badRequest } from '../errors.js';
import type { AppEnv, CollectorDeps } from '../module.js';

/**
 * GET /storage: rows, bytes on disk and active parts per table (what retention and codecs cost).
 * GET /storage/columns?table=spans: compressed and uncompressed bytes per column (which columns cost the most).
 * POST /storage/optimize?table=spans: merge a table's parts now (admin operation, used by benchmarks).
 */
export function registerStorageRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  app.get('/storage', async (c) => {
    const rows = await deps.storage.query<{ table: string; rows: number; bytes: number; uncompressed: number; parts: number }>(
      `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, sum(data_uncompressed_bytes) AS uncompressed, count() AS parts
       FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table`,
    );
    return c.json({
      tables: rows.map((r) => ({
        table: r.table,
        rows: Number(r.rows),
        bytesOnDisk: Number(r.bytes),
        uncompressedBytes: Number(r.uncompressed),
        parts: Number(r.parts),
        bytesPerRow: Number(r.rows) ? Number(r.bytes) / Number(r.rows) : 0,
      })),
    });
  });

  app.get('/storage/columns', async (c) => {
    const table = c.req.query('table') ?? '';
    const rows = await deps.storage.query<{ column: string; type: string; compressed: number; uncompressed: number; rows: number }>(
      `SELECT c.name AS column, c.type AS type, c.data_compressed_bytes AS compressed, c.data_uncompressed_bytes AS uncompressed,
              (SELECT sum(rows) FROM system.parts WHERE active AND database = currentDatabase() AND table = {table:String}) AS rows
       FROM system.columns AS c WHERE c.database = currentDatabase() AND c.table = {table:String} ORDER BY compressed DESC`,
      { table },
    );
    if (rows.length === 0) throw badRequest(`unknown table "${table}"`, 'INVALID_PARAM');
    return c.json({
      table,
      rows: Number(rows[0].rows),
      columns: rows.map((r) => ({
        column: r.column,
        type: r.type,
        compressedBytes: Number(r.compressed),
        uncompressedBytes: Number(r.uncompressed),
        bytesPerRow: Number(r.rows) ? Number(r.compressed) / Number(r.rows) : 0,
      })),
    });
  });

  app.post('/storage/optimize', async (c) => {
    const table = c.req.query('table') ?? '';
    const [known] = await deps.storage.query<{ n: number }>(
      `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String} AND engine LIKE '%MergeTree%'`,
      { table },
    );
    if (!known || Number(known.n) === 0) throw badRequest(`unknown table "${table}"`, 'INVALID_PARAM');
    const t0 = performance.now();
    await deps.storage.command(`OPTIMIZE TABLE ${table} FINAL`);
    return c.json({ table, ms: Math.round(performance.now() - t0) });
  });
}
