import type { CollectorModule } from '../module.js';
import { createLogQueries } from './logs.js';
import { registerQueryRoutes } from './routes.js';
import { createStorageQueries } from './storage-stats.js';
import { createTraceQueries } from './traces.js';

/** Core read side: span and trace search, traces by id, logs, storage stats (services and KPIs: analytics). */
export function createQueryModule(): CollectorModule {
  return {
    name: 'query',
    queries: ({ storage }) => ({
      traces: { ...createTraceQueries(storage), ...createLogQueries(storage) },
      storage: createStorageQueries(storage),
    }),
    api: registerQueryRoutes,
  };
}
