import { z } from 'zod';
import { configLoader } from '../config-loader.js';

const ms = (name: string, def: number, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be >= ${min}`)
    .default(def);

const schema = z.object({
  /** how long a client span waits for its server child before it counts as a call to an inferred service */
  graceMs: ms('ARGUS_ANALYTICS_GRACE_MS', 180_000, 0),
  /** resolver period: new spans are reflected in the edge KPIs within about tickMs + the insert flush */
  tickMs: ms('ARGUS_ANALYTICS_TICK_MS', 500, 50),
  /** a trace with every call final stays in the resolver's memory this long after its last span */
  hotMs: ms('ARGUS_ANALYTICS_HOT_MS', 2_000, 0),
  /** a trace still missing spans (a server span without its client span, a caller endpoint) stays this long */
  waitMs: ms('ARGUS_ANALYTICS_WAIT_MS', 10_000, 0),
  /** spans arriving this long after their trace's earlier ones are still reconciled with them (read back from storage) */
  lateWindowMs: ms('ARGUS_ANALYTICS_LATE_WINDOW_MS', 3_600_000, 60_000),
  /** traces read back per resolver query at most */
  maxTracesPerStep: z.coerce
    .number({ error: 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP must be a number' })
    .int()
    .min(100, 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP must be >= 100')
    .max(20_000, 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP must be <= 20000 (trace ids travel as a query parameter)')
    .default(10_000),
  /** how often services that reached the endpoint cap are looked for (one warning event each) */
  capCheckMs: ms('ARGUS_ANALYTICS_CAP_CHECK_MS', 10_000, 100),
  maxEndpointsPerService: z.coerce
    .number({ error: 'ARGUS_ANALYTICS_MAX_ENDPOINTS must be a number' })
    .int('ARGUS_ANALYTICS_MAX_ENDPOINTS must be a whole number')
    .min(1, 'ARGUS_ANALYTICS_MAX_ENDPOINTS must be >= 1')
    .default(1000),
  /**
   * resolve the calls of the spans this collector ingests: `on` on a thread of its own, `main` on the main thread
   * (the event loop that answers requests), `off` not at all (no calls and no dependency-map edges from it)
   */
  resolver: z.enum(['on', 'main', 'off'], { error: "ARGUS_ANALYTICS_RESOLVER must be 'on', 'main' or 'off'" }).default('on'),
  /** the resolver thread's nice value (Linux): the checking thread and the event loop run first on busy cores */
  resolverNice: z.coerce
    .number({ error: 'ARGUS_ANALYTICS_RESOLVER_NICE must be a number' })
    .int('ARGUS_ANALYTICS_RESOLVER_NICE must be a whole number')
    .min(0, 'ARGUS_ANALYTICS_RESOLVER_NICE must be between 0 and 19')
    .max(19, 'ARGUS_ANALYTICS_RESOLVER_NICE must be between 0 and 19')
    .default(5),
});

export type AnalyticsConfig = z.infer<typeof schema>;
export type AnalyticsConfigInput = z.input<typeof schema>;

/** ARGUS_ANALYTICS_* variables overlaid with explicit values, validated once (empty = unset). */
export const loadAnalyticsConfig = configLoader({
  what: 'analytics',
  schema,
  env: {
    graceMs: 'ARGUS_ANALYTICS_GRACE_MS',
    tickMs: 'ARGUS_ANALYTICS_TICK_MS',
    hotMs: 'ARGUS_ANALYTICS_HOT_MS',
    waitMs: 'ARGUS_ANALYTICS_WAIT_MS',
    lateWindowMs: 'ARGUS_ANALYTICS_LATE_WINDOW_MS',
    maxTracesPerStep: 'ARGUS_ANALYTICS_MAX_TRACES_PER_STEP',
    capCheckMs: 'ARGUS_ANALYTICS_CAP_CHECK_MS',
    maxEndpointsPerService: 'ARGUS_ANALYTICS_MAX_ENDPOINTS',
    resolver: 'ARGUS_ANALYTICS_RESOLVER',
    resolverNice: 'ARGUS_ANALYTICS_RESOLVER_NICE',
  },
});
