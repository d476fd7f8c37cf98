/** The agent's configuration schema (agent.yaml, overridden by ARGUS_* environment variables). */
import { z } from 'zod';

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** 268435456, "256MB", "256 mb", "1g" */
const byteSize = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*$/i.exec(v);
    return m ? Math.round(Number(m[1]) * (SIZE_UNITS[m[2].toLowerCase() || 'b'] ?? NaN)) : v;
  },
  z.number({ error: 'expected a byte size such as 268435456 or "256MB"' }).int().positive(),
);

/** { env: prod } or ["env=prod"] or "env=prod,team=core" */
const tags = z.preprocess(
  (v) => {
    const pairs = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : null;
    if (!pairs) return v;
    const out: Record<string, string> = {};
    for (const p of pairs) {
      if (typeof p !== 'string' || p.trim() === '') continue;
      const i = p.indexOf('=');
      if (i <= 0) return { [p]: undefined }; // surfaces as an error naming the bad pair
      out[p.slice(0, i).trim()] = p.slice(i + 1).trim();
    }
    return out;
  },
  z.record(z.string(), z.string({ error: 'tags must be key=value pairs' })),
);

const ms = (def: number, min = 100) => z.number().int().min(min).default(def);

/** per-sensor block: `enabled` plus settings validated later by the sensor's own configSchema */
const sensorBlock = z.looseObject({ enabled: z.boolean().default(true) });

export const agentConfigSchema = z.strictObject({
  endpoint: z.url({ error: 'endpoint must be the collector base URL, e.g. http://127.0.0.1:4318' }).default('http://127.0.0.1:4318'),
  key: z.string().default(''),
  zone: z.string().optional(),
  tags: tags.default({}),
  procRoot: z.string().min(1).default('/proc'),
  /** where /etc/machine-id and /etc/passwd are read from ('/' or '/host' in a container) */
  hostRoot: z.string().min(1).optional(),
  dataDir: z.string().min(1).default('/var/lib/argus-agent'),
  port: z.number().int().min(0).max(65535).default(42699),
  /** address the tracer intake binds; 0.0.0.0 in a DaemonSet so pods reach it through the node IP */
  listenHost: z.string().min(1).default('127.0.0.1'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  intervals: z
    .strictObject({
      discoveryMs: ms(2000),
      /** LISTEN tables: re-read at least this often, and at most this often when new processes open sockets */
      portsRefreshMs: ms(15_000),
      portsMinIntervalMs: ms(4000, 0),
      collectMs: ms(1000),
      collectTimeoutMs: ms(800, 10),
      entityRefreshMs: ms(60_000),
      heartbeatMs: ms(15_000),
      configPollMs: ms(2000),
    })
    .prefault({}),
  spool: z.strictObject({ maxBytes: byteSize.default(256 * 1024 ** 2) }).prefault({}),
  export: z
    .strictObject({
      flushMs: ms(1000),
      maxPointsPerRequest: z.number().int().min(100).default(20_000),
      requestTimeoutMs: ms(10_000),
      minBackoffMs: ms(500, 10),
      maxBackoffMs: ms(30_000),
    })
    .prefault({}),
  imds: z
    .strictObject({
      enabled: z.boolean().default(true),
      baseUrl: z.url().default('http://169.254.169.254'),
      timeoutMs: ms(300, 10),
    })
    .prefault({}),
  sensors: z.record(z.string(), sensorBlock).default({}),
});

export type RawAgentConfig = z.infer<typeof agentConfigSchema>;

export interface SensorSettings {
  enabled: boolean;
  /** the sensor's own config, parsed by its configSchema (defaults filled) */
  config: unknown;
}

/** The validated configuration the agent runs with. */
export interface AgentConfig extends Omit<RawAgentConfig, 'sensors'> {
  /** one entry per registered sensor */
  sensors: Record<string, SensorSettings>;
  /** where the file was read from ('' when none) */
  source: string;
}
