/**
 * The collector's cluster-mode DDL (what the Helm chart's ARGUS_CLICKHOUSE_CLUSTER runs) checked by ClickHouse's own
 * parser: the real migrate() (every module's migrations, the spans re-layout, the TTL alignment) runs against a
 * recording storage in cluster mode, and every statement it sends goes through `formatQuery()` of the embedded engine
 * (chDB, the same ClickHouse release line as the server). No ClickHouse server or Keeper can run here, so this checks
 * syntax and the cluster shape (ON CLUSTER everywhere, Replicated engines on the local tables, Distributed in front),
 * not execution on a cluster.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createModules } from '../../collector/src/modules.js';
import { migrate } from '../../collector/src/storage/migrate.js';
import type { Storage } from '../../collector/src/storage/storage.js';

const chdb = createRequire(import.meta.url)('chdb') as { queryBind(sql: string, params: object, format?: string): string };

function recordingStorage(statements: string[]): Storage {
  return {
    mode: 'cluster',
    cluster: 'argus',
    client: undefined as never,
    query: () => Promise.resolve([]),
    read: () => Promise.reject(new Error('no reads in a DDL recording')),
    command(sql: string) {
      statements.push(sql);
      return Promise.resolve();
    },
    insertTsv: () => Promise.resolve(),
    insertRowBinary: () => Promise.resolve(),
    insertHealth: () => ({ consecutiveFailures: 0, failingTables: [], lastSuccessAt: null, lastFailureAt: null, lastError: null }),
    close: () => Promise.resolve(),
  };
}

describe('cluster-mode DDL', () => {
  it('parses with ClickHouse and runs ON CLUSTER with Replicated local tables behind Distributed ones', async () => {
    const statements: string[] = [];
    const dirs = createModules().flatMap((m) => (m.migrationsDir ? [m.migrationsDir] : []));
    const applied = await migrate(
      recordingStorage(statements),
      dirs,
      { mode: 'cluster', cluster: 'argus', retentionDays: 7, metricsRawRetentionHours: 48 },
      pino({ level: 'silent' }),
    );
    expect(applied).toBeGreaterThan(10);
    expect(statements.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const sql of statements) {
      try {
        chdb.queryBind('SELECT formatQuery({q:String})', { q: sql }, 'TSVRaw');
      } catch (e) {
        failures.push(`${(e as Error).message.slice(0, 200)}\n  in: ${sql.slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);

    const ddl = statements.filter((s) => /^\s*(CREATE|ALTER|DROP|TRUNCATE|EXCHANGE|RENAME)\b/i.test(s));
    const notOnCluster = ddl.filter((s) => !s.includes("ON CLUSTER 'argus'"));
    expect(notOnCluster, notOnCluster.join('\n---\n')).toEqual([]);
    const tables = ddl.filter((s) => /^\s*CREATE TABLE/i.test(s));
    const local = tables.filter((s) => /^\s*CREATE TABLE (IF NOT EXISTS )?\w+_local\b/i.test(s) && /MergeTree/.test(s));
    expect(local.length).toBeGreaterThan(20);
    expect(
      local.filter(
        (s) => !/ENGINE\s*=\s*Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/\{table\}', '\{replica\}'/.test(s),
      ),
    ).toEqual([]);
    const distributed = tables.filter((s) => /ENGINE = Distributed\('argus', currentDatabase\(\), '\w+_local'/.test(s));
    expect(distributed.map((s) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)?.[1])).toEqual(
      expect.arrayContaining(['spans', 'metric_points', 'entities']),
    );
    // a malformed statement is caught by the parser (the check can fail)
    expect(() => chdb.queryBind('SELECT formatQuery({q:String})', { q: "CREATE TABLE x ON CLUSTER 'argus' (a" }, 'TSVRaw')).toThrow(
      /Syntax error/,
    );
  });
});
