import type { CollectorModule } from '../module.js';
import { createArtifactStore } from './artifacts.js';
import { loadDownloadsConfig, type DownloadsConfigInput } from './config.js';
import { registerDownloadRoutes } from './routes.js';

/**
 * Downloads (ingest port, no migrations): `GET /install.sh`, `GET /download/agent/<version>/<platform>[.sha256]`,
 * `GET /download/nodejs/<version>.tgz`, and the installer's key check `GET /v1/agent/check` and
 * `GET /v1/agent/seen?host=<host id>`. Artifacts come from `pnpm build:agent` (ARGUS_DOWNLOADS_DIR); in a checkout
 * the current version is built on the first request when missing (ARGUS_DOWNLOADS_BUILD). See docs/deploy.md.
 */
export function createDownloadsModule(opts: { config?: DownloadsConfigInput } = {}): CollectorModule {
  const config = loadDownloadsConfig(opts.config);
  return {
    name: 'downloads',
    ingest(app, deps) {
      registerDownloadRoutes(app, deps, createArtifactStore(config, deps.log.child({ module: 'downloads' })));
    },
  };
}
