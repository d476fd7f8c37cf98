import type { Hono } from 'hono';
import { badRequest } from '../errors.js';
import type { AppEnv, CollectorDeps } from '../module.js';

/**
 * GET /storage: rows, bytes on disk and active parts per table (what retention and codecs cost).
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
