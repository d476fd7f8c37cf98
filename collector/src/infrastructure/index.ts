import { fileURLToPath } from 'node:url';
import type { CollectorDeps, CollectorModule } from '../module.js';
import { loadInfraConfig, type InfraConfigInput } from './config.js';
import { registerEntityIngest } from './entities/ingest-route.js';
import { createEntityStore, type EntityStore } from './entities/store.js';
import { createInfrastructureQueries } from './queries.js';
import { registerInfrastructureRoutes } from './routes.js';

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
    queries: ({ storage, config: core }) => ({
      infrastructure: createInfrastructureQueries(storage, { offlineAfterMs: config.offlineAfterSeconds * 1000, retention: core }),
    }),
    api: registerInfrastructureRoutes,
    async stop() {
      await store?.close();
    },
  };
}
