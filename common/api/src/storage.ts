import { z } from 'zod';

/** Storage statistics of the collector's ClickHouse database. */

export const tablesResponse = z.object({
  tables: z.array(
    z.object({
      table: z.string(),
      rows: z.number(),
      bytesOnDisk: z.number(),
      uncompressedBytes: z.number(),
      parts: z.number(),
      bytesPerRow: z.number(),
    }),
  ),
});
export type TablesResponse = z.infer<typeof tablesResponse>;

export const tableQuery = z.object({
  table: z
    .string({ error: 'table is required' })
    .regex(/^\w{1,128}$/, 'table must be a table name')
    .meta({ description: 'table name' }),
});

export const columnsResponse = z.object({
  table: z.string(),
  rows: z.number(),
  columns: z.array(
    z.object({
      column: z.string(),
      type: z.string(),
      compressedBytes: z.number(),
      uncompressedBytes: z.number(),
      bytesPerRow: z.number(),
    }),
  ),
});
export type ColumnsResponse = z.infer<typeof columnsResponse>;

export const optimizeResponse = z.object({ table: z.string(), ms: z.number() });
export type OptimizeResponse = z.infer<typeof optimizeResponse>;
