import { fileURLToPath } from 'node:url';
import type { CollectorDeps, CollectorModule } from '../module.js';
import { loadInfraConfig, type InfraConfigInput } from './config.js';
import { registerEntityIngest } from './entities/ingest-route.js';
import { createEntityQueries } from './entities/queries.js';
import { registerEntityRoutes } from './entities/routes.js';
import { createEntityStore, type EntityStore } from './entities/store.js';
import { registerMetricRoutes } from './metrics/routes.js';

/**
 * Infrastructure: metric rollups (10 s / 1 min / 1 h by materialized view), agent entity snapshots, liveness and
 * events (POST /v1/agent/entities on the ingest port), and the entity/metric read API. Migrations 020-039.
 */
export function createInfrastructureModule(opts: { config?: InfraConfigInput } = {}): CollectorModule {
  const config = loadInfraConfig(opts.config);
  let store: EntityStore | undefined;
  const ensure = (deps: CollectorDeps) => (store ??= createEntityStore(deps));
  return {
    name: 'infrastructure',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    ingest(app, deps) {
      registerEntityIngest(app, deps, config, ensure(deps));
    },
    api(app, deps) {
      registerEntityRoutes(app, createEntityQueries(deps.storage, config.offlineAfterSeconds * 1000));
      registerMetricRoutes(app, deps);
    },
    async stop() {
      await store?.close();
    },
  };
}
