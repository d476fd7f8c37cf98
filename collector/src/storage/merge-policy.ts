import type { Logger } from 'pino';
import { renderSql, type TemplateContext } from './sql-template.js';
import type { Storage } from './storage.js';

/** ClickHouse's own values of the spans table settings Argus sets */
export const CLICKHOUSE_DEFAULTS = { merge_selector_base: 5, min_level_for_wide_part: 0 } as const;

/** the merge level from which a spans part may be written in ClickHouse's Wide format (a file per column): not inserts */
export const SPANS_MIN_LEVEL_FOR_WIDE_PART = 1;

export type SpansTableSettings = Record<keyof typeof CLICKHOUSE_DEFAULTS, number>;

/**
 * How the spans table's parts are written and merged, set at start on the table (`ALTER TABLE ... MODIFY SETTING`).
 *
 * `merge_selector_base` (ARGUS_SPANS_MERGE_BASE): how eagerly ClickHouse merges. With the default 5, every few new
 * parts of similar size are merged into one, and each span is rewritten once per level of that tree. On a collector
 * that inserts every half second, merges were ClickHouse's largest cost (~22 µs of CPU per span at 20k spans/s, the
 * spans table two thirds of it). A wider base merges about `base` parts at a time: fewer levels, so each span is
 * rewritten fewer times, for more parts between merges. 10 took most of what 20 saved with about as many parts as 5
 * (reads stay as fast). Only the spans table: the small analytics tables are read every second by the alert
 * evaluator, and reading more of their parts cost more than their merges saved (bench/results/ingest.md, "Session 24").
 *
 * `min_level_for_wide_part`: a part of at least 10 MiB (uncompressed) is written Wide by default, a file per column
 * and substream (~200 files for spans); a second of spans at 20k spans/s is past that, so every insert created and
 * later deleted ~200 files. In a perf profile at that rate, creating files was 17.5 % of the collector's CPU (the
 * kernel looking for a free inode) and the spans table's inserts made 61 % of the files ("Session 25"). Inserted
 * parts are now Compact (one data file, ~15 files in all); merged ones Wide from 10 MiB as before, since Compact
 * parts made trace search right after a load ~1.7x slower when merged parts were Compact too.
 */
export function spansTableSettings(mergeBase: number): SpansTableSettings {
  return { merge_selector_base: mergeBase, min_level_for_wide_part: SPANS_MIN_LEVEL_FOR_WIDE_PART };
}

/** Sets what differs on the spans table; returns the settings changed (none when it is not part of this storage). */
export async function applySpansTableSettings(
  storage: Storage,
  ctx: TemplateContext,
  wanted: SpansTableSettings,
  log: Logger,
): Promise<string[]> {
  const table = renderSql('{{table:spans}}', ctx);
  const [row] = await storage.query<{ engine_full: string }>(
    'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    { table },
  );
  if (!row) return [];
  const changed: string[] = [];
  for (const [name, value] of Object.entries(wanted) as [keyof SpansTableSettings, number][]) {
    const current = Number(new RegExp(`\\b${name} = ([\\d.]+)`).exec(row.engine_full)?.[1] ?? CLICKHOUSE_DEFAULTS[name]);
    if (current === value) continue;
    try {
      await storage.command(renderSql(`ALTER TABLE {{table:spans}} {{on_cluster}} MODIFY SETTING ${name} = ${value}`, ctx));
    } catch (e) {
      // a ClickHouse server older than the setting: it keeps its default
      log.warn({ err: (e as Error).message, setting: name, value }, 'a spans table setting could not be set; ClickHouse keeps its default');
      continue;
    }
    log.info({ setting: name, value, before: current }, 'spans table setting set');
    changed.push(name);
  }
  return changed;
}
