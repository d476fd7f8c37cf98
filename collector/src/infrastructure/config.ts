import { z } from 'zod';
import { configLoader } from '../config-loader.js';

const ENV = {
  offlineAfterSeconds: 'ARGUS_ENTITY_OFFLINE_AFTER_SECONDS',
  maxEntityBodyBytes: 'ARGUS_ENTITY_MAX_BODY_BYTES',
} as const;

const schema = z.object({
  /** an entity not reported alive for this long is offline (the agent refreshes every few seconds) */
  offlineAfterSeconds: z.coerce
    .number({ error: `${ENV.offlineAfterSeconds} must be a number of seconds` })
    .positive(`${ENV.offlineAfterSeconds} must be > 0`)
    .default(60),
  /** largest accepted POST /v1/agent/entities body, after decompression */
  maxEntityBodyBytes: z.coerce
    .number({ error: `${ENV.maxEntityBodyBytes} must be a number of bytes` })
    .int(`${ENV.maxEntityBodyBytes} must be a whole number`)
    .min(1024, `${ENV.maxEntityBodyBytes} must be at least 1024`)
    .default(8 * 1024 * 1024),
});

export type InfraConfig = z.infer<typeof schema>;
export type InfraConfigInput = z.input<typeof schema>;

/** Infrastructure settings from ARGUS_ENTITY_* variables (overridable in code), validated once (empty = unset). */
export const loadInfraConfig = configLoader({ what: 'infrastructure', schema, env: ENV });
