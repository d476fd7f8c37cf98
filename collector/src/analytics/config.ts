import { z } from 'zod';
import { ArgusError } from '../errors.js';

const ms = (name: string, def: number, min: number) =>
  z.coerce
    .number({ message: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be >= ${min}`)
    .default(def);

const schema = z.object({
  /** how long a client span waits for its server child before it counts as a call to an inferred service */
  graceMs: ms('ARGUS_ANALYTICS_GRACE_MS', 180_000, 0),
  /** resolver period: new spans are reflected in the edge KPIs within about tickMs + the insert flush */
  tickMs: ms('ARGUS_ANALYTICS_TICK_MS', 500, 50),
  /** arrivals re-read on every tick, so inserts that commit late are never missed (re-reading is idempotent) */
  overlapMs: ms('ARGUS_ANALYTICS_OVERLAP_MS', 2_000, 0),
  /** traces reconciled per resolver query at most (larger backlogs are processed in several steps) */
  maxTracesPerStep: z.coerce
    .number()
    .int()
    .min(100, 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP must be >= 100')
    .max(20_000, 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP must be <= 20000 (trace ids travel as a query parameter)')
    .default(10_000),
  /** how often services that reached the endpoint cap are looked for (one warning event each) */
  capCheckMs: ms('ARGUS_ANALYTICS_CAP_CHECK_MS', 10_000, 100),
  maxEndpointsPerService: z.coerce.number().int().min(1, 'ARGUS_ANALYTICS_MAX_ENDPOINTS must be >= 1').default(1000),
  /** run the call resolver in this collector (exactly one collector per ClickHouse cluster should) */
  resolver: z.enum(['on', 'off'], { message: "ARGUS_ANALYTICS_RESOLVER must be 'on' or 'off'" }).default('on'),
});

export type AnalyticsConfig = z.infer<typeof schema>;
export type AnalyticsConfigInput = z.input<typeof schema>;

const ENV: Record<keyof AnalyticsConfig, string> = {
  graceMs: 'ARGUS_ANALYTICS_GRACE_MS',
  tickMs: 'ARGUS_ANALYTICS_TICK_MS',
  overlapMs: 'ARGUS_ANALYTICS_OVERLAP_MS',
  maxTracesPerStep: 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP',
  capCheckMs: 'ARGUS_ANALYTICS_CAP_CHECK_MS',
  maxEndpointsPerService: 'ARGUS_ANALYTICS_MAX_ENDPOINTS',
  resolver: 'ARGUS_ANALYTICS_RESOLVER',
};

/** ARGUS_ANALYTICS_* variables overlaid with explicit values, validated once. */
export function loadAnalyticsConfig(overrides: AnalyticsConfigInput = {}, env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${ENV[i.path[0] as keyof AnalyticsConfig] ?? String(i.path[0])}: ${i.message}`);
    throw new ArgusError('CONFIG_INVALID', `invalid analytics configuration:\n${lines.join('\n')}`, 500);
  }
  return parsed.data;
}
