import { fileURLToPath } from 'node:url';
import type { CollectorModule } from '../module.js';
import { kpiRoutes } from './api/kpis.js';
import { serviceRoutes } from './api/services.js';
import { traceRoutes } from './api/traces.js';
import { checkEndpointCaps } from './cap-warnings.js';
import { loadAnalyticsConfig, type AnalyticsConfigInput } from './config.js';
import { createResolver, type Resolver } from './resolver/resolver.js';

/**
 * Application analytics: services, endpoints, calls, the dependency map and KPIs (see docs/analytics.md).
 * Materialized views (migrations 040-059) keep the span skeleton, endpoint KPIs and service instances; the call
 * resolver (start/stop) turns client/server span pairs into calls exactly, whatever batches they arrive in.
 */
export function createAnalyticsModule(overrides: AnalyticsConfigInput = {}): CollectorModule & { resolver?: Resolver } {
  let capTimer: NodeJS.Timeout | undefined;
  const mod: CollectorModule & { resolver?: Resolver } = {
    name: 'analytics',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    api(app, deps) {
      serviceRoutes(app, deps);
      kpiRoutes(app, deps);
      traceRoutes(app, deps);
    },
    async start(deps) {
      const config = loadAnalyticsConfig(overrides);
      const log = deps.log.child({ module: 'analytics' });
      await deps.storage.insertTsv('analytics_settings', ['key', 'value'], `max_endpoints_per_service\t${config.maxEndpointsPerService}\n`);
      // one check at a time: a slow check overlapping the next tick would see no warning yet and write it twice
      let checking = false;
      const check = () => {
        if (checking) return;
        checking = true;
        checkEndpointCaps(deps.storage, config.maxEndpointsPerService, log)
          .catch((err) => log.error({ err }, 'endpoint cap check failed'))
          .finally(() => (checking = false));
      };
      capTimer = setInterval(check, config.capCheckMs);
      capTimer.unref();
      if (config.resolver === 'on') {
        mod.resolver = createResolver(deps.storage, config, log);
        mod.resolver.start();
      }
    },
    async stop() {
      if (capTimer) clearInterval(capTimer);
      await mod.resolver?.stop();
    },
  };
  return mod;
}
