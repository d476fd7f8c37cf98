import { z } from 'zod';

const credentials = z.object({
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  /** host name/IP or unix socket directory */
  host: z.string().min(1).optional(),
});

export const postgresConfigSchema = z
  .object({
    /** monitoring user; default `postgres` (works with local peer/trust auth) */
    user: z.string().min(1).default('postgres'),
    password: z.string().min(1).optional(),
    /** database to connect to; statistics cover all databases */
    database: z.string().min(1).default('postgres'),
    /** force a host or socket directory; default: the server's socket dir, then 127.0.0.1 */
    host: z.string().min(1).optional(),
    /** per-instance overrides keyed by port, e.g. { "5433": { user: "argus", password: "..." } } */
    instances: z.record(z.string().regex(/^\d+$/, 'instances keys are ports'), credentials).default({}),
    /** per-database sizes are read this often (seconds) */
    sizeIntervalSeconds: z.number().int().min(1).default(60),
    /** pg_stat_statements top statements are read this often (seconds); 0 disables */
    statementsIntervalSeconds: z.number().int().min(0).default(10),
    /** how many top statements (by total execution time) to report */
    topStatements: z.number().int().min(1).max(100).default(10),
    snapshotIntervalSeconds: z.number().int().min(5).default(60),
    /** server-side statement_timeout and client query timeout for the monitoring queries, ms */
    queryTimeoutMs: z.number().int().min(100).max(10_000).default(700),
  })
  .strict();

export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

export interface PostgresCredentials {
  user: string;
  password?: string;
  database: string;
  host?: string;
}

export function credentialsFor(config: PostgresConfig, port: number): PostgresCredentials {
  const own = config.instances[String(port)];
  return {
    user: own?.user ?? config.user,
    password: own?.password ?? config.password,
    database: own?.database ?? config.database,
    host: own?.host ?? config.host,
  };
}
