import { z } from 'zod';
import type { LogLevel } from './log.js';
import { findAppPackage, resolveServiceName } from './service-name.js';

/** Everything the tracer reads from the environment, validated once at start. */
export interface TracerConfig {
  enabled: boolean;
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP base URL (no trailing slash): the local agent or a collector */
  endpoint: string;
  /** true when exporting straight to a collector (ARGUS_ENDPOINT) instead of the local agent */
  direct: boolean;
  headers: Record<string, string>;
  /** gzip request bodies: default only when the endpoint is not on this host (CPU matters more on loopback) */
  compression: 'gzip' | 'none';
  flushMs: number;
  maxBatch: number;
  maxQueue: number;
  /** span export requests in flight at once */
  maxExports: number;
  exportTimeoutMs: number;
  metricsIntervalMs: number;
  /** header names captured as span attributes (values of sensitive ones are redacted) */
  captureHeaders: string[];
  /** add `Server-Timing: traceparent` to HTTP responses (ARGUS_SERVER_TIMING, default on) */
  serverTiming: boolean;
  /** short instrumentation names to turn off, e.g. `pg`, `redis` */
  disabled: string[];
  logLevel: LogLevel;
}

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const off = /^(0|false|off|no|disabled?)$/i;

const envSchema = z.object({
  ARGUS_TRACING: z.string().optional(),
  ARGUS_AGENT_HOST: z.string().min(1).default('127.0.0.1'),
  ARGUS_AGENT_PORT: int(42699, 1, 65535),
  ARGUS_ENDPOINT: z.url({ error: 'ARGUS_ENDPOINT must be a URL such as https://argus.example.com' }).optional(),
  ARGUS_KEY: z.string().min(1).optional(),
  ARGUS_COMPRESSION: z.enum(['gzip', 'none']).optional(),
  ARGUS_FLUSH_MS: int(1000, 50, 60_000),
  ARGUS_MAX_BATCH: int(2000, 1, 20_000),
  ARGUS_MAX_QUEUE: int(20_000, 1, 1_000_000),
  ARGUS_MAX_EXPORTS: int(4, 1, 16),
  ARGUS_EXPORT_TIMEOUT_MS: int(5000, 100, 60_000),
  ARGUS_METRICS_INTERVAL_MS: int(1000, 100, 600_000),
  ARGUS_CAPTURE_HEADERS: list,
  ARGUS_SERVER_TIMING: z.string().optional(),
  ARGUS_DISABLE_INSTRUMENTATIONS: list,
  ARGUS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('warn'),
});

export class ConfigError extends Error {
  readonly code = 'ARGUS_TRACER_CONFIG';
}

/** Parses the tracer's environment. Throws ConfigError (one readable message) on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TracerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid tracer configuration: ${msg}`);
  }
  const e = parsed.data;
  if (e.ARGUS_ENDPOINT && !e.ARGUS_KEY) throw new ConfigError('ARGUS_ENDPOINT is set but ARGUS_KEY is missing');
  const pkg = findAppPackage();
  const host = e.ARGUS_AGENT_HOST.includes(':') && !e.ARGUS_AGENT_HOST.startsWith('[') ? `[${e.ARGUS_AGENT_HOST}]` : e.ARGUS_AGENT_HOST;
  const endpoint = e.ARGUS_ENDPOINT ? e.ARGUS_ENDPOINT.replace(/\/+$/, '') : `http://${host}:${e.ARGUS_AGENT_PORT}`;
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(new URL(endpoint).hostname);
  return {
    enabled: !(e.ARGUS_TRACING && off.test(e.ARGUS_TRACING)),
    serviceName: resolveServiceName(env, pkg),
    serviceVersion: pkg.version,
    endpoint,
    direct: Boolean(e.ARGUS_ENDPOINT),
    headers: e.ARGUS_ENDPOINT && e.ARGUS_KEY ? { Authorization: `Bearer ${e.ARGUS_KEY}` } : {},
    compression: e.ARGUS_COMPRESSION ?? (loopback ? 'none' : 'gzip'),
    flushMs: e.ARGUS_FLUSH_MS,
    maxBatch: e.ARGUS_MAX_BATCH,
    maxQueue: e.ARGUS_MAX_QUEUE,
    maxExports: e.ARGUS_MAX_EXPORTS,
    exportTimeoutMs: e.ARGUS_EXPORT_TIMEOUT_MS,
    metricsIntervalMs: e.ARGUS_METRICS_INTERVAL_MS,
    captureHeaders: e.ARGUS_CAPTURE_HEADERS,
    serverTiming: !(e.ARGUS_SERVER_TIMING && off.test(e.ARGUS_SERVER_TIMING)),
    disabled: e.ARGUS_DISABLE_INSTRUMENTATIONS,
    logLevel: e.ARGUS_LOG_LEVEL,
  };
}
