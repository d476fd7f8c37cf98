import type { StorageMode } from './storage.js';

export interface TemplateContext {
  mode: StorageMode;
  cluster?: string;
  retentionDays: number;
  metricsRawRetentionHours: number;
}

/**
 * Renders migration macros so one SQL file runs on embedded chDB, a single server and a cluster:
 * {{table:NAME}} {{on_cluster}} {{engine:X(args)}} {{distributed:NAME[:shardingKey]}} {{retention_days}}
 * {{metrics_raw_retention_hours}}.
 */
export function renderSql(sql: string, ctx: TemplateContext): string {
  const cluster = ctx.mode === 'cluster' ? (ctx.cluster ?? '') : '';
  const clustered = cluster !== '';
  return sql
    .replace(/\{\{table:(\w+)\}\}/g, (_m, name: string) => (clustered ? `${name}_local` : name))
    .replace(/\{\{on_cluster\}\}/g, clustered ? `ON CLUSTER '${cluster}'` : '')
    .replace(/\{\{engine:(\w+)\(([^)]*)\)\}\}/g, (_m, engine: string, args: string) => {
      if (!clustered) return `${engine}(${args})`;
      const zk = `'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'`;
      return `Replicated${engine}(${args.trim() ? `${zk}, ${args}` : zk})`;
    })
    .replace(/\{\{distributed:(\w+)(?::([^}]+))?\}\}/g, (_m, name: string, key?: string) =>
      clustered
        ? `CREATE TABLE IF NOT EXISTS ${name} ON CLUSTER '${cluster}' AS ${name}_local ENGINE = Distributed('${cluster}', currentDatabase(), '${name}_local', ${key ?? 'rand()'})`
        : '',
    )
    .replace(/\{\{retention_days\}\}/g, String(ctx.retentionDays))
    .replace(/\{\{metrics_raw_retention_hours\}\}/g, String(ctx.metricsRawRetentionHours));
}

/** Splits a migration into statements at `;` ending a line; drops `--` comment lines and empty statements. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
