import type { ColumnsResponse, OptimizeResponse, TablesResponse } from '@argus/api';
import { badRequest } from '../errors.js';
import type { Storage } from '../storage/storage.js';

/**
 * What storage costs, from system.parts / system.columns of the node the collector is connected to: rows, bytes
 * and parts per table, bytes per column; and merging a table's parts now (an admin operation for benchmarks).
 */
export function createStorageQueries(storage: Storage) {
  return {
    async tables(): Promise<TablesResponse> {
      const rows = await storage.query<{ table: string; rows: number; bytes: number; uncompressed: number; parts: number }>(
        `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, sum(data_uncompressed_bytes) AS uncompressed, count() AS parts
         FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table`,
      );
      return {
        tables: rows.map((r) => ({
          table: r.table,
          rows: Number(r.rows),
          bytesOnDisk: Number(r.bytes),
          uncompressedBytes: Number(r.uncompressed),
          parts: Number(r.parts),
          bytesPerRow: Number(r.rows) ? Number(r.bytes) / Number(r.rows) : 0,
        })),
      };
    },

    /** 400 INVALID_PARAM for an unknown table. */
    async columns(table: string): Promise<ColumnsResponse> {
      const rows = await storage.query<{ column: string; type: string; compressed: number; uncompressed: number; rows: number }>(
        `SELECT c.name AS column, c.type AS type, c.data_compressed_bytes AS compressed, c.data_uncompressed_bytes AS uncompressed,
                (SELECT sum(rows) FROM system.parts WHERE active AND database = currentDatabase() AND table = {table:String}) AS rows
         FROM system.columns AS c WHERE c.database = currentDatabase() AND c.table = {table:String} ORDER BY compressed DESC`,
        { table },
      );
      if (rows.length === 0) throw badRequest(`unknown table "${table}"`, 'INVALID_PARAM');
      return {
        table,
        rows: Number(rows[0].rows),
        columns: rows.map((r) => ({
          column: r.column,
          type: r.type,
          compressedBytes: Number(r.compressed),
          uncompressedBytes: Number(r.uncompressed),
          bytesPerRow: Number(r.rows) ? Number(r.compressed) / Number(r.rows) : 0,
        })),
      };
    },

    /** OPTIMIZE TABLE ... FINAL on a MergeTree-family table (400 INVALID_PARAM for any other name). */
    async optimize(table: string): Promise<OptimizeResponse> {
      const [known] = await storage.query<{ n: number }>(
        `SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String} AND engine LIKE '%MergeTree%'`,
        { table },
      );
      if (!known || Number(known.n) === 0) throw badRequest(`unknown table "${table}"`, 'INVALID_PARAM');
      const t0 = performance.now();
      await storage.command(`OPTIMIZE TABLE ${table} FINAL`);
      return { table, ms: Math.round(performance.now() - t0) };
    },
  };
}

export type StorageQueries = ReturnType<typeof createStorageQueries>;
