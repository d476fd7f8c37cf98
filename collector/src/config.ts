import { z } from 'zod';
import { ArgusError } from './errors.js';

const port = (name: string, def: number) =>
  z.coerce
    .number({ message: `${name} must be a port number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be between 0 and 65535`)
    .max(65535, `${name} must be between 0 and 65535`)
    .default(def);

const positive = (name: string, def: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .positive(`${name} must be > 0`)
    .default(def);

const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const configSchema = z.object({
  ingestPort: port('ARGUS_INGEST_PORT', 4318),
  ingestHost: z.string().default('0.0.0.0'),
  apiPort: port('ARGUS_API_PORT', 8080),
  apiHost: z.string().default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  clickhouseUrl: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .url('ARGUS_CLICKHOUSE_URL must be a URL such as http://user:pass@clickhouse:8123')
      .refine((u) => /^https?:/.test(u), 'ARGUS_CLICKHOUSE_URL must use http:// or https://')
      .optional(),
  ),
  clickhouseCluster: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[\w.-]+$/, 'ARGUS_CLICKHOUSE_CLUSTER must be a cluster name')
      .optional(),
  ),
  clickhouseDatabase: z.string().regex(/^\w+$/, 'ARGUS_CLICKHOUSE_DATABASE must be an identifier').default('argus'),
  retentionDays: z.coerce
    .number({ message: 'ARGUS_RETENTION_DAYS must be a number of days' })
    .int('ARGUS_RETENTION_DAYS must be a whole number of days')
    .min(1, 'ARGUS_RETENTION_DAYS must be at least 1')
    .max(3650, 'ARGUS_RETENTION_DAYS must be at most 3650')
    .default(7),
  metricsRawRetentionHours: z.coerce.number().int().min(24, 'ARGUS_METRICS_RAW_RETENTION_HOURS must be at least 24').default(48),
  ingestKey: z.preprocess(emptyToUndefined, z.string().min(16, 'ARGUS_INGEST_KEY must be at least 16 characters').optional()),
  adminToken: z.preprocess(emptyToUndefined, z.string().min(16, 'ARGUS_ADMIN_TOKEN must be at least 16 characters').optional()),
  maxBodyBytes: positive('ARGUS_MAX_BODY_BYTES', 20 * 1024 * 1024),
  batchFlushMs: positive('ARGUS_BATCH_FLUSH_MS', 500),
  batchMinRows: positive('ARGUS_BATCH_MIN_ROWS', 5_000),
  maxPendingRows: positive('ARGUS_MAX_PENDING_ROWS', 1_000_000),
  maxPendingBytes: positive('ARGUS_MAX_PENDING_BYTES', 128 * 1024 * 1024),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type CollectorConfig = z.infer<typeof configSchema>;
export type CollectorConfigInput = z.input<typeof configSchema>;

const ENV: Record<keyof CollectorConfig, string> = {
  ingestPort: 'ARGUS_INGEST_PORT',
  ingestHost: 'ARGUS_INGEST_HOST',
  apiPort: 'ARGUS_API_PORT',
  apiHost: 'ARGUS_API_HOST',
  dataDir: 'ARGUS_DATA_DIR',
  clickhouseUrl: 'ARGUS_CLICKHOUSE_URL',
  clickhouseCluster: 'ARGUS_CLICKHOUSE_CLUSTER',
  clickhouseDatabase: 'ARGUS_CLICKHOUSE_DATABASE',
  retentionDays: 'ARGUS_RETENTION_DAYS',
  metricsRawRetentionHours: 'ARGUS_METRICS_RAW_RETENTION_HOURS',
  ingestKey: 'ARGUS_INGEST_KEY',
  adminToken: 'ARGUS_ADMIN_TOKEN',
  maxBodyBytes: 'ARGUS_MAX_BODY_BYTES',
  batchFlushMs: 'ARGUS_BATCH_FLUSH_MS',
  batchMinRows: 'ARGUS_BATCH_MIN_ROWS',
  maxPendingRows: 'ARGUS_MAX_PENDING_ROWS',
  maxPendingBytes: 'ARGUS_MAX_PENDING_BYTES',
  logLevel: 'ARGUS_LOG_LEVEL',
};

/** Reads ARGUS_* variables, overlays explicit values (flags, tests), validates once. */
export function loadConfig(overrides: CollectorConfigInput = {}, env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) if (env[name] !== undefined) raw[key] = env[name];
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path[0] as keyof CollectorConfig | undefined;
      const name = key && ENV[key] ? ENV[key] : String(key ?? 'config');
      return `  ${name}: ${i.message}`;
    });
    throw new ArgusError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`, 500);
  }
  if (parsed.data.clickhouseCluster && !parsed.data.clickhouseUrl) {
    throw new ArgusError(
      'CONFIG_INVALID',
      'invalid configuration:\n  ARGUS_CLICKHOUSE_CLUSTER needs ARGUS_CLICKHOUSE_URL (a cluster is a server setup)',
      500,
    );
  }
  return parsed.data;
}

export const envNames = ENV;
