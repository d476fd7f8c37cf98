import { z } from 'zod';
import { configLoader } from '../config-loader.js';

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
  maxBeaconBytes: z.coerce
    .number({ error: `${ENV.maxBeaconBytes} must be a number of bytes` })
    .int(`${ENV.maxBeaconBytes} must be a whole number`)
    .min(1024, `${ENV.maxBeaconBytes} must be at least 1024`)
    .default(65_536),
  /** beacon requests per second per website (token bucket, burst = 2 s worth) */
  websiteRate: z.coerce
    .number({ error: `${ENV.websiteRate} must be a number` })
    .positive(`${ENV.websiteRate} must be > 0`)
    .default(500),
  /** beacon requests per second per client IP */
  ipRate: z.coerce
    .number({ error: `${ENV.ipRate} must be a number` })
    .positive(`${ENV.ipRate} must be > 0`)
    .default(20),
  /** a MaxMind DB file with country data (GeoLite2-Country.mmdb, DB-IP Country Lite ...) */
  geoipDb: z.string().min(1).optional(),
  /** how browsers reach the ingest port (used in snippets), e.g. https://eum.example.com */
  publicUrl: z.url(`${ENV.publicUrl} must be a URL such as https://collector.example.com:4318`).optional(),
  /** take the client IP from X-Forwarded-For (only behind a trusted proxy) */
  trustProxy: z
    .enum(['true', 'false', '1', '0'], { error: `${ENV.trustProxy} must be true, false, 1 or 0` })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type EumConfig = z.infer<typeof schema>;
export type EumConfigInput = z.input<typeof schema>;

/** EUM settings from ARGUS_EUM_* variables (overridable in code), validated once (empty = unset). */
export const loadEumConfig = configLoader({ what: 'EUM', schema, env: ENV });
