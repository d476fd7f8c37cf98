import { fileURLToPath } from 'node:url';
import type { CollectorModule } from '../module.js';
import { createAnalyticsQueries } from './api/analytics-queries.js';
import { registerAnalyticsRoutes } from './api/routes.js';
import { checkEndpointCaps } from './cap-warnings.js';
import { loadAnalyticsConfig, type AnalyticsConfigInput } from './config.js';
import { createResolver } from './resolver/resolver.js';
import { createThreadedResolver } from './resolver-thread/resolver-thread.js';
import { createSpanFeed, type SpanFeed } from '../ingest/span-feed.js';

/**
 * Application analytics: services, endpoints, calls, the dependency map and KPIs (see docs/analytics.md).
 * The ingest pipeline derives endpoint KPIs and service instances from the spans it decodes (ingest/derive/); the
 * call resolver (a job on every collector, fed in memory by its pipeline) turns client/server span pairs into calls exactly,
 * whatever batches they arrive in.
 */
export function createAnalyticsModule(overrides: AnalyticsConfigInput = {}, spanFeed: SpanFeed = createSpanFeed()): CollectorModule {
  // validated when the module is created, before storage is opened and migrations run
  const config = loadAnalyticsConfig(overrides);
  let stopResolver: (() => Promise<void>) | undefined;
  return {
    name: 'analytics',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    queries: ({ storage }) => ({ analytics: createAnalyticsQueries(storage) }),
    api: registerAnalyticsRoutes,
    async stop() {
      await stopResolver?.();
    },
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
      // created now (not at the job's first run) so no stored batch passes before it listens to the span feed
      const resolverDeps = {
        storage: deps.storage,
        config,
        log,
        feed: spanFeed,
        telemetry: deps.telemetry,
        stateDir: deps.storage.mode === 'embedded' ? deps.config.dataDir : undefined,
      };
      const resolver = config.resolver === 'main' ? createResolver(resolverDeps) : createThreadedResolver(resolverDeps);
      stopResolver = () => resolver.stop();
      deps.jobs.register({
        name: 'analytics.resolver',
        intervalMs: config.tickMs,
        // a large backlog (after a restart) is resolved in one run; later slots are skipped meanwhile
        timeoutMs: 30 * 60_000,
        // not a singleton: every collector resolves the spans it ingested (fed in memory; their write-ahead-log
        // segments go once resolved), with ARGUS_JOBS=off too. Spans of one trace must reach one collector (route
        // by trace id) for its calls to pair across services; see docs/architecture.md
        singleton: false,
        runAtStart: true,
        run: () => resolver.tick(),
      });
    },
  };
}
