import type { Logger } from 'pino';
import { renderSql, type TemplateContext } from './sql-template.js';
import type { Storage } from './storage.js';

/** ClickHouse's own `merge_selector_base` */
export const CLICKHOUSE_MERGE_BASE = 5;

/**
 * How eagerly ClickHouse merges the spans table's parts (`merge_selector_base`, ARGUS_SPANS_MERGE_BASE). With the
 * default 5, every few new parts of similar size are merged into one, and each span is rewritten once per level of
 * that tree. On a collector that inserts every half second, merges were ClickHouse's largest cost (~22 µs of CPU per
 * span at 20k spans/s, the spans table two thirds of it). A wider base merges about `base` parts at a time:
 * fewer levels, so each span is rewritten fewer times, for more parts between merges. 10 took most of what 20 saved
 * with about as many parts as 5 (reads stay as fast). Only the spans table: the small analytics tables are read every
 * second by the alert evaluator, and reading more of their parts cost more than their merges saved
 * (bench/results/ingest.md, "Session 24").
 */
export async function applySpansMergeBase(storage: Storage, ctx: TemplateContext, base: number, log: Logger): Promise<boolean> {
  const table = renderSql('{{table:spans}}', ctx);
  const [row] = await storage.query<{ engine_full: string }>(
    'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    { table },
  );
  if (!row) return false; // the spans table is not part of this storage
  const current = /\bmerge_selector_base = ([\d.]+)/.exec(row.engine_full)?.[1];
  if (Number(current ?? CLICKHOUSE_MERGE_BASE) === base) return false;
  try {
    await storage.command(renderSql(`ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY SETTING merge_selector_base = ${base}`, ctx));
  } catch (e) {
    // a ClickHouse server older than the setting (exposed in late 2024): its merges keep their defaults
    log.warn(
      { err: (e as Error).message, base },
      'ARGUS_SPANS_MERGE_BASE could not be set on the spans table; ClickHouse merges it as by default',
    );
    return false;
  }
  log.info({ base, before: current ?? CLICKHOUSE_MERGE_BASE }, 'spans table merge base set');
  return true;
}
