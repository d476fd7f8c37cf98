import { z } from 'zod';
import { ArgusError } from '../errors.js';

const ENV = {
  offlineAfterSeconds: 'ARGUS_ENTITY_OFFLINE_AFTER_SECONDS',
  maxEntityBodyBytes: 'ARGUS_ENTITY_MAX_BODY_BYTES',
} as const;

const schema = z.object({
  /** an entity not reported alive for this long is offline (the agent refreshes every few seconds) */
  offlineAfterSeconds: z.coerce.number().positive(`${ENV.offlineAfterSeconds} must be > 0`).default(60),
  /** largest accepted POST /v1/agent/entities body, after decompression */
  maxEntityBodyBytes: z.coerce
    .number()
    .int()
    .min(1024, `${ENV.maxEntityBodyBytes} must be at least 1024`)
    .default(8 * 1024 * 1024),
});

export type InfraConfig = z.infer<typeof schema>;
export type InfraConfigInput = z.input<typeof schema>;

/** Infrastructure settings from ARGUS_ENTITY_* variables (overridable in code), validated once. */
export function loadInfraConfig(overrides: InfraConfigInput = {}, env: NodeJS.ProcessEnv = process.env): InfraConfig {
  const raw: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') raw[k] = env[name];
  Object.assign(raw, Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
  const r = schema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${ENV[i.path[0] as keyof typeof ENV] ?? String(i.path[0])}: ${i.message}`);
    throw new ArgusError('CONFIG_INVALID', `invalid infrastructure configuration:\n${lines.join('\n')}`, 500);
  }
  return r.data;
}
