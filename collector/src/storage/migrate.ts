import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import { applyDedupWindows } from './dedup.js';
import { applyLayout, LAYOUTS } from './layout.js';
import { applyRetention } from './retention.js';
import { renderSql, splitStatements, type TemplateContext } from './sql-template.js';
import type { Storage } from './storage.js';

export interface MigrationFile {
  version: number;
  name: string;
  path: string;
  sql: string;
  checksum: string;
}

/** Collects NNN-name.sql files from every module folder, in global version order; duplicates are an error. */
export function collectMigrations(dirs: readonly string[]): MigrationFile[] {
  const byVersion = new Map<number, MigrationFile>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir).filter((f) => /^\d{3}-[\w.-]+\.sql$/.test(f))) {
      const path = join(dir, file);
      const sql = readFileSync(path, 'utf8');
      const m: MigrationFile = {
        version: Number(file.slice(0, 3)),
        name: file,
        path,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
      };
      const other = byVersion.get(m.version);
      if (other) throw new ArgusError('MIGRATION_CONFLICT', `migrations ${other.path} and ${path} share version ${m.version}`);
      byVersion.set(m.version, m);
    }
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Applies pending migrations in order and records them; idempotent (every statement uses IF NOT EXISTS). */
export async function migrate(storage: Storage, dirs: readonly string[], ctx: TemplateContext, log: Logger): Promise<number> {
  const bookkeeping = renderSql(
    `CREATE TABLE IF NOT EXISTS {{table:argus_migrations}} {{on_cluster}} (version UInt32, name String, checksum String, applied_at DateTime64(3) DEFAULT now64(3)) ENGINE = {{engine:ReplacingMergeTree()}} ORDER BY version`,
    ctx,
  );
  await storage.command(bookkeeping);
  const dist = renderSql('{{distributed:argus_migrations}}', ctx);
  if (dist) await storage.command(dist);
  const applied = new Map(
    (
      await storage.query<{ version: number; checksum: string }>(
        'SELECT version, argMax(checksum, applied_at) AS checksum FROM argus_migrations GROUP BY version',
      )
    ).map((r) => [Number(r.version), r.checksum]),
  );
  let count = 0;
  const migrations = collectMigrations(dirs);
  for (const m of migrations) {
    const done = applied.get(m.version);
    if (done !== undefined) {
      if (done !== m.checksum) log.warn({ migration: m.name }, 'migration changed after it was applied; not re-running it');
      continue;
    }
    log.info({ migration: m.name }, 'applying migration');
    for (const statement of splitStatements(renderSql(m.sql, ctx))) {
      try {
        await storage.command(statement);
      } catch (e) {
        throw new ArgusError(
          'MIGRATION_FAILED',
          `migration ${m.name} failed: ${(e as Error).message}\nstatement: ${statement.slice(0, 300)}`,
        );
      }
    }
    await storage.insertTsv('argus_migrations', ['version', 'name', 'checksum'], `${m.version}\t${m.name}\t${m.checksum}\n`);
    count++;
  }
  for (const layout of LAYOUTS) await applyLayout(storage, ctx, layout, log);
  await applyRetention(storage, migrations, ctx, log);
  await applyDedupWindows(storage, log);
  return count;
}
