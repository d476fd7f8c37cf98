import { fileURLToPath } from 'node:url';
import type { CollectorDeps, CollectorModule } from '../module.js';
import { createBatchWriter, type BatchWriter } from '../storage/batch-writer.js';
import { createWebsiteQueries } from './api/queries.js';
import { loadEumConfig, type EumConfigInput } from './config.js';
import { registerBeaconRoute } from './ingest/beacons-route.js';
import { createCountryLookup } from './ingest/geo.js';
import { BEACON_COLUMNS, RESOURCE_COLUMNS } from './ingest/rows.js';
import { loadScript, registerScriptRoute, type EumScript } from './ingest/script-route.js';
import { registerWebsiteRoutes } from './websites/routes.js';
import { createWebsiteStore, type WebsiteStore } from './websites/store.js';

export interface EumModuleOptions {
  config?: EumConfigInput;
  /** path of eum.js (default: the file built by sensors/eum) */
  scriptPath?: string;
}

/**
 * End-user monitoring: beacon ingest and the browser script on the ingest port, websites and analytics under
 * /api/v1. Migrations 060-079.
 */
export function createEumModule(opts: EumModuleOptions = {}): CollectorModule {
  const config = loadEumConfig(opts.config);
  const country = createCountryLookup(config.geoipDb);
  let parts: { websites: WebsiteStore; beacons: BatchWriter; resources: BatchWriter } | undefined;
  let script: EumScript | undefined;
  const getScript = () => (script ??= loadScript(opts.scriptPath));
  /** created on first use (ingest/api/start all receive the same deps); nothing touches storage before start() */
  const ensure = (deps: CollectorDeps) => {
    if (parts) return parts;
    const common = {
      flushMs: deps.config.batchFlushMs,
      minRows: deps.config.batchMinRows,
      maxPendingRows: deps.config.maxPendingRows,
      maxPendingBytes: deps.config.maxPendingBytes,
      log: deps.log,
      telemetry: deps.telemetry,
    };
    parts = {
      websites: createWebsiteStore(deps.storage, undefined, (t) => deps.tenants.isActive(t)),
      beacons: createBatchWriter(deps.storage, { table: 'eum_beacons', columns: BEACON_COLUMNS, ...common }),
      resources: createBatchWriter(deps.storage, { table: 'eum_resources', columns: RESOURCE_COLUMNS, ...common }),
    };
    return parts;
  };

  return {
    name: 'eum',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    ingest(app, deps) {
      const p = ensure(deps);
      registerScriptRoute(app, getScript);
      registerBeaconRoute(app, deps, { config, websites: p.websites, beacons: p.beacons, resources: p.resources, country });
    },
    queries: (deps) => ({
      websites: createWebsiteQueries(deps.storage, {
        websites: ensure(deps).websites,
        retention: deps.config,
        scriptVersion: () => getScript()?.version,
      }),
    }),
    api(app, deps) {
      registerWebsiteRoutes(app, deps, config);
    },
    async start(deps) {
      await ensure(deps).websites.load();
    },
    async stop() {
      if (parts) await Promise.all([parts.beacons.close(), parts.resources.close()]);
    },
  };
}
