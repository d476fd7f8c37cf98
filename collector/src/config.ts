import { z } from 'zod';
import { configLoader } from './config-loader.js';

const port = (name: string, def: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be an integer`)
    .min(0, `${name} must be between 0 and 65535`)
    .max(65535, `${name} must be between 0 and 65535`)
    .default(def);

const positive = (name: string, def: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .positive(`${name} must be > 0`)
    .default(def);

const timeoutMs = (name: string, def: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(100, `${name} must be at least 100`)
    .max(3_600_000, `${name} must be at most 3600000`)
    .default(def);

/** what the embedded ClickHouse may track by default (bench/ingest/memory.ts measured the choice) */
export const EMBEDDED_MAX_MEMORY_DEFAULT = 1024 * 1024 * 1024;

/** merge about this many spans parts at a time (storage/merge-policy.ts; bench/results/ingest.md, "Session 24") */
export const SPANS_MERGE_BASE_DEFAULT = 10;

/** free disk below which inserts wait (ARGUS_STORAGE_MIN_FREE_BYTES) */
export const STORAGE_MIN_FREE_DEFAULT = 64 * 1024 * 1024;

export const configSchema = z.object({
  ingestPort: port('ARGUS_INGEST_PORT', 4318),
  ingestHost: z.string().default('0.0.0.0'),
  apiPort: port('ARGUS_API_PORT', 8080),
  apiHost: z.string().default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  clickhouseUrl: z
    .url({
      protocol: /^https?$/,
      error: 'ARGUS_CLICKHOUSE_URL must be an http:// or https:// URL such as http://user:pass@clickhouse:8123',
    })
    .optional(),
  clickhouseCluster: z
    .string()
    .regex(/^[\w.-]+$/, 'ARGUS_CLICKHOUSE_CLUSTER must be a cluster name')
    .optional(),
  clickhouseDatabase: z.string().regex(/^\w+$/, 'ARGUS_CLICKHOUSE_DATABASE must be an identifier').default('argus'),
  /**
   * embedded storage only: the most memory the in-process ClickHouse may track (queries, inserts, merges); its
   * caches are sized from it (docs/configuration.md). 0: ClickHouse's own default (90% of the machine's memory)
   */
  embeddedMaxMemory: z.coerce
    .number({ error: 'ARGUS_EMBEDDED_MAX_MEMORY must be a number of bytes' })
    .int('ARGUS_EMBEDDED_MAX_MEMORY must be a whole number of bytes')
    .refine((v) => v === 0 || v >= 128 * 1024 * 1024, 'ARGUS_EMBEDDED_MAX_MEMORY must be 0 (no limit) or at least 134217728 (128 MiB)')
    .default(EMBEDDED_MAX_MEMORY_DEFAULT),
  /** embedded storage only: a file for the in-process ClickHouse's own log (none by default) */
  embeddedLog: z.string().min(1, 'ARGUS_EMBEDDED_LOG must be a file path').optional(),
  embeddedLogLevel: z
    .enum(['error', 'warning', 'information', 'debug', 'trace'], {
      error: 'ARGUS_EMBEDDED_LOG_LEVEL must be one of error, warning, information, debug, trace',
    })
    .default('information'),
  /**
   * free disk (bytes) below which ClickHouse refuses inserts before writing anything; they are retried, the
   * write-ahead log keeps what was acknowledged meanwhile. 0: no floor
   */
  storageMinFreeBytes: z.coerce
    .number({ error: 'ARGUS_STORAGE_MIN_FREE_BYTES must be a number of bytes' })
    .int('ARGUS_STORAGE_MIN_FREE_BYTES must be a whole number of bytes')
    .min(0, 'ARGUS_STORAGE_MIN_FREE_BYTES must be >= 0')
    .default(STORAGE_MIN_FREE_DEFAULT),
  /** the spans table's `merge_selector_base` (storage/merge-policy.ts); 5 is ClickHouse's own */
  spansMergeBase: z.coerce
    .number({ error: 'ARGUS_SPANS_MERGE_BASE must be a number' })
    .int('ARGUS_SPANS_MERGE_BASE must be a whole number')
    .min(2, 'ARGUS_SPANS_MERGE_BASE must be at least 2')
    .max(100, 'ARGUS_SPANS_MERGE_BASE must be at most 100')
    .default(SPANS_MERGE_BASE_DEFAULT),
  retentionDays: z.coerce
    .number({ error: 'ARGUS_RETENTION_DAYS must be a number of days' })
    .int('ARGUS_RETENTION_DAYS must be a whole number of days')
    .min(1, 'ARGUS_RETENTION_DAYS must be at least 1')
    .max(3650, 'ARGUS_RETENTION_DAYS must be at most 3650')
    .default(7),
  metricsRawRetentionHours: z.coerce
    .number({ error: 'ARGUS_METRICS_RAW_RETENTION_HOURS must be a number of hours' })
    .int('ARGUS_METRICS_RAW_RETENTION_HOURS must be a whole number of hours')
    .min(24, 'ARGUS_METRICS_RAW_RETENTION_HOURS must be at least 24')
    .default(48),
  ingestKey: z.string().min(16, 'ARGUS_INGEST_KEY must be at least 16 characters').optional(),
  adminToken: z.string().min(16, 'ARGUS_ADMIN_TOKEN must be at least 16 characters').optional(),
  maxBodyBytes: positive('ARGUS_MAX_BODY_BYTES', 20 * 1024 * 1024),
  batchFlushMs: positive('ARGUS_BATCH_FLUSH_MS', 500),
  batchMinRows: positive('ARGUS_BATCH_MIN_ROWS', 5_000),
  maxPendingRows: positive('ARGUS_MAX_PENDING_ROWS', 1_000_000),
  maxPendingBytes: positive('ARGUS_MAX_PENDING_BYTES', 128 * 1024 * 1024),
  logLevel: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'ARGUS_LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent',
    })
    .default('info'),
  /**
   * V8's old-generation growth after a full collection, percent (0: V8's own choice). The main thread's heap is small
   * (tens of MB) and the pipeline's short-lived batches pass through it, so V8's own choice (about +10 %) started a full
   * collection every half second; 100 lets it double before the next (issue 19, bench/results/ingest.md)
   */
  heapGrowingPercent: z.coerce
    .number({ error: 'ARGUS_HEAP_GROWING_PERCENT must be a number' })
    .int('ARGUS_HEAP_GROWING_PERCENT must be a whole number')
    .min(0, 'ARGUS_HEAP_GROWING_PERCENT must be >= 0')
    .max(400, 'ARGUS_HEAP_GROWING_PERCENT must be <= 400')
    .default(100),
  /** whether this collector may run the singleton background jobs (call resolver, cap check, alert evaluation) */
  jobs: z.enum(['on', 'off'], { error: "ARGUS_JOBS must be 'on' or 'off'" }).default('on'),
  /** how long a singleton-job lease lasts without renewal (server/cluster storage) */
  jobsLeaseMs: z.coerce
    .number({ error: 'ARGUS_JOBS_LEASE_MS must be a number of milliseconds' })
    .int('ARGUS_JOBS_LEASE_MS must be a whole number of milliseconds')
    .min(1000, 'ARGUS_JOBS_LEASE_MS must be at least 1000')
    .max(600_000, 'ARGUS_JOBS_LEASE_MS must be at most 600000')
    .default(15_000),
  /**
   * embedded storage: the nice value (0-19) given to the engine's own threads (inserts, merges, background pools),
   * so acknowledgements and API answers are not queued behind them on a busy machine; 0 leaves them as they are
   */
  storageThreadNice: z.coerce
    .number({ error: 'ARGUS_STORAGE_THREAD_NICE must be a number' })
    .int('ARGUS_STORAGE_THREAD_NICE must be a whole number')
    .min(0, 'ARGUS_STORAGE_THREAD_NICE must be at least 0')
    .max(19, 'ARGUS_STORAGE_THREAD_NICE must be at most 19')
    .default(10),
  /** HTTP timeouts of both ports (slow and hostile clients; docs/configuration.md) */
  httpHeadersTimeoutMs: timeoutMs('ARGUS_HTTP_HEADERS_TIMEOUT_MS', 10_000),
  httpRequestTimeoutMs: timeoutMs('ARGUS_HTTP_REQUEST_TIMEOUT_MS', 60_000),
  httpKeepAliveTimeoutMs: timeoutMs('ARGUS_HTTP_KEEPALIVE_TIMEOUT_MS', 15_000),
});

export type CollectorConfig = z.infer<typeof configSchema>;
export type CollectorConfigInput = z.input<typeof configSchema>;

/** Reads ARGUS_* variables, overlays explicit values (flags, tests), validates once (empty = unset). */
export const loadConfig = configLoader({
  what: '',
  schema: configSchema,
  env: {
    ingestPort: 'ARGUS_INGEST_PORT',
    ingestHost: 'ARGUS_INGEST_HOST',
    apiPort: 'ARGUS_API_PORT',
    apiHost: 'ARGUS_API_HOST',
    dataDir: 'ARGUS_DATA_DIR',
    clickhouseUrl: 'ARGUS_CLICKHOUSE_URL',
    clickhouseCluster: 'ARGUS_CLICKHOUSE_CLUSTER',
    clickhouseDatabase: 'ARGUS_CLICKHOUSE_DATABASE',
    embeddedMaxMemory: 'ARGUS_EMBEDDED_MAX_MEMORY',
    embeddedLog: 'ARGUS_EMBEDDED_LOG',
    embeddedLogLevel: 'ARGUS_EMBEDDED_LOG_LEVEL',
    storageMinFreeBytes: 'ARGUS_STORAGE_MIN_FREE_BYTES',
    spansMergeBase: 'ARGUS_SPANS_MERGE_BASE',
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
    heapGrowingPercent: 'ARGUS_HEAP_GROWING_PERCENT',
    jobs: 'ARGUS_JOBS',
    jobsLeaseMs: 'ARGUS_JOBS_LEASE_MS',
    storageThreadNice: 'ARGUS_STORAGE_THREAD_NICE',
    httpHeadersTimeoutMs: 'ARGUS_HTTP_HEADERS_TIMEOUT_MS',
    httpRequestTimeoutMs: 'ARGUS_HTTP_REQUEST_TIMEOUT_MS',
    httpKeepAliveTimeoutMs: 'ARGUS_HTTP_KEEPALIVE_TIMEOUT_MS',
  },
  check: (c) =>
    c.clickhouseCluster && !c.clickhouseUrl
      ? 'ARGUS_CLICKHOUSE_CLUSTER needs ARGUS_CLICKHOUSE_URL (a cluster is a server setup)'
      : undefined,
});

export const envNames = loadConfig.group.env;
