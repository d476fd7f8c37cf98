import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import type { MigrationFile } from './migrate.js';
import { renderSql, splitStatements, type TemplateContext } from './sql-template.js';
import type { Storage } from './storage.js';

/** The retention settings that migrations write into TTL clauses, by macro name. */
const RETENTION_MACROS = {
  retention_days: (ctx: TemplateContext) => ctx.retentionDays,
  metrics_raw_retention_hours: (ctx: TemplateContext) => ctx.metricsRawRetentionHours,
} as const;
type Macro = keyof typeof RETENTION_MACROS;

interface TtlUse {
  table: string;
  /** the TTL expression as written in the migration, macros unrendered */
  ttl: string;
}

/** Every table whose CREATE statement's TTL line uses `macro`. */
export function ttlUses(migrations: readonly MigrationFile[], macro: Macro): TtlUse[] {
  const uses: TtlUse[] = [];
  for (const m of migrations) {
    for (const statement of splitStatements(m.sql)) {
      const table = /CREATE TABLE IF NOT EXISTS \{\{table:(\w+)\}\}/.exec(statement)?.[1];
      const ttl = /^TTL (.+)$/m.exec(statement)?.[1].trim();
      if (table && ttl?.includes(`{{${macro}}}`)) uses.push({ table, ttl });
    }
  }
  return uses;
}

/**
 * Tables are created with the retention in force at the time; when the configured retention changes later, the
 * TTL of every table that uses it is altered to match (ClickHouse then drops expired parts in the background).
 * The retention applied last is kept in `argus_settings`.
 */
export async function applyRetention(
  storage: Storage,
  migrations: readonly MigrationFile[],
  ctx: TemplateContext,
  log: Logger,
): Promise<string[]> {
  await storage.command(
    renderSql(
      `CREATE TABLE IF NOT EXISTS {{table:argus_settings}} {{on_cluster}} (key String, value String, updated_at DateTime64(3) DEFAULT now64(3)) ENGINE = {{engine:ReplacingMergeTree(updated_at)}} ORDER BY key`,
      ctx,
    ),
  );
  const dist = renderSql('{{distributed:argus_settings}}', ctx);
  if (dist) await storage.command(dist);
  const stored = new Map(
    (
      await storage.query<{ key: string; value: string }>('SELECT key, argMax(value, updated_at) AS value FROM argus_settings GROUP BY key')
    ).map((r) => [r.key, r.value]),
  );
  const altered: string[] = [];
  let changed = '';
  for (const macro of Object.keys(RETENTION_MACROS) as Macro[]) {
    const value = String(RETENTION_MACROS[macro](ctx));
    const before = stored.get(macro);
    if (before === value) continue;
    if (before !== undefined) {
      for (const use of ttlUses(migrations, macro)) {
        // a table a later migration dropped (e.g. span_skeleton) keeps its CREATE in the migration files: skip it
        const name = renderSql(`{{table:${use.table}}}`, ctx);
        const [exists] = await storage.query<{ result: number }>(`EXISTS TABLE ${name}`);
        if (!Number(exists?.result)) continue;
        const sql = renderSql(`ALTER TABLE {{table:${use.table}}} {{on_cluster}} MODIFY TTL ${use.ttl}`, ctx);
        try {
          await storage.command(sql);
        } catch (e) {
          throw new ArgusError('MIGRATION_FAILED', `changing the retention of ${use.table} failed: ${(e as Error).message}`);
        }
        altered.push(use.table);
      }
      log.info({ setting: macro, from: before, to: value, tables: altered.length }, 'retention changed; table TTLs updated');
    }
    changed += `${macro}\t${value}\n`;
  }
  if (changed) await storage.insertTsv('argus_settings', ['key', 'value'], changed);
  return altered;
}
