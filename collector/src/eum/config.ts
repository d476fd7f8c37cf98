import { z } from 'zod';
import { ArgusError } from '../errors.js';

const ENV = {
  maxBeaconBytes: 'ARGUS_EUM_MAX_BEACON_BYTES',
  websiteRate: 'ARGUS_EUM_RATE_PER_WEBSITE',
  ipRate: 'ARGUS_EUM_RATE_PER_IP',
  geoipDb: 'ARGUS_EUM_GEOIP_DB',
  publicUrl: 'ARGUS_EUM_PUBLIC_URL',
  trustProxy: 'ARGUS_EUM_TRUST_PROXY',
} as const;

const schema = z.object({
  /** largest accepted beacon batch (sendBeacon itself caps at 64 KiB) */
  maxBeaconBytes: z.coerce.number().int().min(1024, `${ENV.maxBeaconBytes} must be at least 1024`).default(65_536),
  /** beacon requests per second per website (token bucket, burst = 2 s worth) */
  websiteRate: z.coerce.number().positive(`${ENV.websiteRate} must be > 0`).default(500),
  /** beacon requests per second per client IP */
  ipRate: z.coerce.number().positive(`${ENV.ipRate} must be > 0`).default(20),
  /** a MaxMind DB file with country data (GeoLite2-Country.mmdb, DB-IP Country Lite ...) */
  geoipDb: z.string().min(1).optional(),
  /** how browsers reach the ingest port (used in snippets), e.g. https://eum.example.com */
  publicUrl: z.string().url(`${ENV.publicUrl} must be a URL such as https://collector.example.com:4318`).optional(),
  /** take the client IP from X-Forwarded-For (only behind a trusted proxy) */
  trustProxy: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type EumConfig = z.infer<typeof schema>;
export type EumConfigInput = z.input<typeof schema>;

/** EUM settings from ARGUS_EUM_* variables (overridable in code), validated once with clear messages. */
export function loadEumConfig(overrides: EumConfigInput = {}, env: NodeJS.ProcessEnv = process.env): EumConfig {
  const raw: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') raw[k] = env[name];
  Object.assign(raw, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${ENV[i.path[0] as keyof typeof ENV] ?? String(i.path[0])}: ${i.message}`);
    throw new ArgusError('CONFIG_INVALID', `invalid EUM configuration:\n${lines.join('\n')}`, 500);
  }
  return r.data;
}
