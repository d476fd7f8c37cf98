import { fileURLToPath } from 'node:url';
import type { CollectorModule } from '../module.js';
import { createAnalyticsQueries } from './api/analytics-queries.js';
import { registerAnalyticsRoutes } from './api/routes.js';
import { checkEndpointCaps } from './cap-warnings.js';
import { loadAnalyticsConfig, type AnalyticsConfigInput } from './config.js';
import { createResolver, type Resolver } from './resolver/resolver.js';

/**
 * Application analytics: services, endpoints, calls, the dependency map and KPIs (see docs/analytics.md).
 * Materialized views (migrations 040-059) keep the span skeleton, endpoint KPIs and service instances; the call
 * resolver (a singleton job) turns client/server span pairs into calls exactly, whatever batches they arrive in.
 */
export function createAnalyticsModule(overrides: AnalyticsConfigInput = {}): CollectorModule {
  // validated when the module is created, before storage is opened and migrations run
  const config = loadAnalyticsConfig(overrides);
  return {
    name: 'analytics',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    queries: ({ storage }) => ({ analytics: createAnalyticsQueries(storage) }),
    api: registerAnalyticsRoutes,
    async start(deps) {
      const log = deps.log.child({ module: 'analytics' });
      await deps.storage.insertTsv('analytics_settings', ['key', 'value'], `max_endpoints_per_service\t${config.maxEndpointsPerService}\n`);
      deps.jobs.register({
        name: 'analytics.endpoint-cap-check',
        intervalMs: config.capCheckMs,
        timeoutMs: 60_000,
        singleton: true,
        run: async () => {
          await checkEndpointCaps(deps.storage, config.maxEndpointsPerService, log);
        },
      });
      if (config.resolver === 'off') return;
      let resolver: Resolver | undefined;
      let term = 0;
      deps.jobs.register({
        name: 'analytics.resolver',
        intervalMs: config.tickMs,
        // a large backlog (after downtime) is drained in one run; later slots are skipped meanwhile
        timeoutMs: 30 * 60_000,
        singleton: true,
        run: async (ctx) => {
          // (re)gaining the lease: another collector may have moved the watermarks, so start from the stored ones
          if (!resolver || ctx.term !== term) resolver = createResolver(deps.storage, config, log);
          term = ctx.term;
          await resolver.tick();
        },
      });
    },
  };
}
