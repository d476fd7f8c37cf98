import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import { renderSql, type TemplateContext } from './sql-template.js';
import type { Storage } from './storage.js';

/**
 * A table's physical layout (sort key, granularity, compression blocks) beyond what its CREATE migration wrote.
 * ClickHouse cannot change a MergeTree's sort key or index granularity in place, so a new layout means a new
 * table: `applyLayout` copies the rows into one and swaps it in, once; the table's comment records the layout.
 */
export interface TableLayout {
  /** the logical table name, as in migrations ({{table:NAME}}) */
  table: string;
  /** stable id of this layout, kept in the table comment; a new id means another rebuild */
  id: string;
  /** what follows the engine in CREATE TABLE: PARTITION BY, ORDER BY, TTL, SETTINGS (macros allowed) */
  clauses: string;
  /** sharding key of the Distributed table in cluster mode */
  shardingKey: string;
}

/**
 * Spans sorted so that a trace's spans sit together within each service and ten-minute bucket, instead of by
 * span name: fetching one trace reads a few granules instead of one per (service, name) it touched, and the
 * trace ids of neighbouring rows repeat, so they compress. 2048-row granules with 16-64 KiB compression blocks
 * keep that read small. Queries by service and time still prune on the sort key; queries by span name use the
 * rows of the service's time range.
 */
export const SPANS_LAYOUT: TableLayout = {
  table: 'spans',
  id: 'spans-2-trace-locality',
  clauses: `PARTITION BY toDate(timestamp)
ORDER BY (tenant, service, toStartOfTenMinutes(timestamp), trace_id, timestamp)
TTL toDateTime(timestamp) + toIntervalDay({{retention_days}})
SETTINGS ttl_only_drop_parts = 1, index_granularity = 2048, min_compress_block_size = 16384, max_compress_block_size = 65536`,
  shardingKey: 'cityHash64(trace_id)',
};

export const LAYOUTS: readonly TableLayout[] = [SPANS_LAYOUT];

const marker = (layout: TableLayout) => `argus-layout:${layout.id}`;

async function comment(storage: Storage, name: string): Promise<string | undefined> {
  const rows = await storage.query<{ comment: string }>(
    'SELECT comment FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
    { name },
  );
  return rows[0]?.comment;
}

/**
 * Brings `layout.table` to the layout, copying its rows into a new table and exchanging the two atomically.
 * Safe to re-run after a crash at any point: it decides from the live table's comment, and a copy that was
 * interrupted is truncated and redone. Materialized views that read the table follow its name, so they feed
 * from the new table afterwards; the copy itself goes into the side table and triggers none of them.
 * In cluster mode the rewrite runs from the first collector started with the new layout; rows other collectors
 * insert between the copy and the exchange are not carried over, so stop their ingest for the upgrade.
 * Returns the number of rows copied, or undefined when the table already had the layout (or does not exist).
 */
export async function applyLayout(storage: Storage, ctx: TemplateContext, layout: TableLayout, log: Logger): Promise<number | undefined> {
  const sql = (s: string) => renderSql(s, ctx);
  const clustered = ctx.mode === 'cluster' && !!ctx.cluster;
  const next = `${layout.table}_relayout`;
  const local = sql(`{{table:${layout.table}}}`);
  const dropSide = async () => {
    if (clustered) await storage.command(sql(`DROP TABLE IF EXISTS ${next} {{on_cluster}} SYNC`));
    await storage.command(sql(`DROP TABLE IF EXISTS {{table:${next}}} {{on_cluster}} SYNC`));
  };
  const current = await comment(storage, local);
  if (current === undefined) return undefined; // its module's migrations are not part of this storage
  if (current.includes(marker(layout))) {
    await dropSide(); // left over when a previous start stopped between the exchange and the drop
    return undefined;
  }
  const [{ n }] = await storage.query<{ n: string }>(`SELECT count() AS n FROM ${layout.table}`);
  log.info(
    { table: layout.table, layout: layout.id, rows: Number(n) },
    'rewriting table into its new layout (once; the table stays readable)',
  );
  const t0 = Date.now();
  await storage.command(
    sql(`CREATE TABLE IF NOT EXISTS {{table:${next}}} {{on_cluster}} AS {{table:${layout.table}}}
ENGINE = {{engine:MergeTree()}}
${layout.clauses}
COMMENT '${marker(layout)}'`),
  );
  if (clustered) await storage.command(sql(`{{distributed:${next}:${layout.shardingKey}}}`));
  await storage.command(sql(`TRUNCATE TABLE IF EXISTS {{table:${next}}} {{on_cluster}} SYNC`));
  await storage.command(`INSERT INTO ${next} SELECT * FROM ${layout.table}`);
  const [{ copied }] = await storage.query<{ copied: string }>(`SELECT count() AS copied FROM ${next}`);
  if (Number(copied) < Number(n)) {
    throw new ArgusError(
      'MIGRATION_FAILED',
      `layout ${layout.id}: copied ${copied} of ${n} rows of ${layout.table}; the table was left as it was`,
    );
  }
  await storage.command(sql(`EXCHANGE TABLES {{table:${layout.table}}} AND {{table:${next}}} {{on_cluster}}`));
  await dropSide();
  log.info({ table: layout.table, layout: layout.id, rows: Number(copied), ms: Date.now() - t0 }, 'table rewritten into its new layout');
  return Number(copied);
}
