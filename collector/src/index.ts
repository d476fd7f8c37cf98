import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { loadOtlpTypes } from '@argus/otlp';
import pino, { type Logger } from 'pino';
import { openAccounts } from './accounts/index.js';
import type { BootstrapResult } from './accounts/bootstrap.js';
import type { AccountsConfigInput } from './accounts/config.js';
import { createApiApp, createIngestApp } from './app.js';
import { loadConfig, type CollectorConfig, type CollectorConfigInput } from './config.js';
import { gatherConfigErrors } from './config-loader.js';
import { ArgusError } from './errors.js';
import { answerTimeoutsWith503 } from './http-timeouts.js';
import { createJobs, JOBS_MIGRATIONS_DIR } from './jobs/index.js';
import type { CollectorDeps, CollectorModule } from './module.js';
import { createModules } from './modules.js';
import { QUERY_FEATURES, type QueryServices } from './query/services.js';
import { applySpansTableSettings, spansTableSettings } from './storage/merge-policy.js';
import { createStorage } from './storage/create-storage.js';
import { registerClickHouseMemoryGauges } from './storage/memory-gauges.js';
import { registerThreadPriority } from './storage/thread-priority.js';
import { registerDiskGuard } from './storage/disk-guard.js';
import { migrate } from './storage/migrate.js';
import { createTelemetry, registerProcessGauges } from './telemetry.js';
import { closeServer } from './http-close.js';

export interface RunningCollector {
  deps: CollectorDeps;
  ingestUrl: string;
  apiUrl: string;
  /** the default tenant's ingest key when created during this start or preset (ARGUS_INGEST_KEY); only hashes are kept */
  ingestKey?: string;
  /** ARGUS_ADMIN_TOKEN when set (an instance-admin API token) */
  adminToken?: string;
  /** credentials created during this start (first start: ingest key, owner login), to print once */
  bootstrap: BootstrapResult;
  /** every route of the API port as registered (`/api/v1/...` patterns): what the auth tests enumerate */
  apiRoutes: Array<{ method: string; path: string }>;
  /** flushes accepted data, stops modules and servers, closes storage */
  stop(): Promise<void>;
}

export interface StartOptions {
  config?: CollectorConfigInput;
  log?: Logger;
  /** progress callback (migrations, components) for the launcher */
  onProgress?: (step: string) => void;
  /** accounts settings over the ARGUS_* variables (session lifetimes, login limits, sync period...) */
  accounts?: AccountsConfigInput;
}

/**
 * HTTP timeouts of both ports (docs/configuration.md, docs/reliability.md): a client must send its headers within
 * ARGUS_HTTP_HEADERS_TIMEOUT_MS and the whole request within ARGUS_HTTP_REQUEST_TIMEOUT_MS (slowloris, trickled
 * bodies: 408 and the connection closed), an idle keep-alive connection is closed after ARGUS_HTTP_KEEPALIVE_TIMEOUT_MS;
 * checked every second.
 */
const httpTimeouts = (c: CollectorConfig) => ({
  headersTimeout: c.httpHeadersTimeoutMs,
  requestTimeout: Math.max(c.httpRequestTimeoutMs, c.httpHeadersTimeoutMs),
  keepAliveTimeout: c.httpKeepAliveTimeoutMs,
  connectionsCheckingInterval: Math.min(1_000, c.httpHeadersTimeoutMs),
});

function listen(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  port: number,
  host: string,
  what: string,
  flag: string,
  timeouts: ReturnType<typeof httpTimeouts>,
): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host, serverOptions: timeouts });
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new ArgusError('PORT_IN_USE', `${what} port ${port} on ${host} is already in use: set ${flag} to another port`)
          : e,
      ),
    );
    server.once('listening', () => resolve(server));
  });
}

const urlOf = (server: ServerType, host: string) => {
  const { port } = server.address() as AddressInfo;
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
};

/** Starts the whole collector: storage, migrations, modules, ingest and API servers. */
export async function startCollector(opts: StartOptions = {}): Promise<RunningCollector> {
  // the core settings and every module's (each module validates its own when created), all reported at once,
  // before storage is opened and migrations run
  let config: CollectorConfig | undefined;
  let modules: CollectorModule[] = [];
  gatherConfigErrors([() => (config = loadConfig(opts.config)), () => (modules = createModules())]);
  if (!config) throw new ArgusError('CONFIG_INVALID', 'invalid configuration');
  const log = opts.log ?? pino({ level: config.logLevel, base: { component: 'collector' } });
  const progress = opts.onProgress ?? (() => undefined);
  progress(config.clickhouseUrl ? 'connecting to ClickHouse' : `opening embedded ClickHouse in ${config.dataDir}`);
  const storage = await createStorage(config);
  const dirs = [JOBS_MIGRATIONS_DIR, ...modules.flatMap((m) => (m.migrationsDir ? [m.migrationsDir] : []))];
  progress('applying migrations');
  const templates = {
    mode: storage.mode,
    cluster: storage.cluster,
    retentionDays: config.retentionDays,
    metricsRawRetentionHours: config.metricsRawRetentionHours,
  };
  const applied = await migrate(storage, dirs, templates, log);
  await applySpansTableSettings(storage, templates, spansTableSettings(config.spansMergeBase), log);
  if (applied) log.info({ applied }, 'migrations applied');
  const accounts = await openAccounts({ storage, config, log, overrides: opts.accounts });
  const tenants = accounts.tenants;
  const telemetry = createTelemetry();
  registerProcessGauges(telemetry);
  const jobs = createJobs(storage, config, log, telemetry);
  registerClickHouseMemoryGauges(telemetry, storage, jobs);
  if (storage.mode === 'embedded' && config.storageThreadNice > 0) registerThreadPriority(jobs, config.storageThreadNice, log);
  const diskGuard =
    storage.mode === 'embedded'
      ? registerDiskGuard({ storage, jobs, telemetry, log, dataDir: config.dataDir, minFreeBytes: config.storageMinFreeBytes })
      : undefined;
  const deps: CollectorDeps = { config, storage, log, tenants, accounts, telemetry, jobs, queries: {} as QueryServices };
  // the read side: every module contributes its feature's query services before any route or job can call them
  for (const m of modules) Object.assign(deps.queries, m.queries?.(deps));
  const missing = QUERY_FEATURES.filter((f) => !(f in deps.queries));
  if (missing.length) throw new ArgusError('INTERNAL', `no module provides the query services: ${missing.join(', ')}`);
  const types = loadOtlpTypes();
  const ingestApp = createIngestApp(deps, modules, types);
  const apiApp = createApiApp(deps, modules, types);
  for (const m of modules) {
    progress(`starting ${m.name}`);
    await m.start?.(deps);
  }
  progress('starting background jobs');
  await jobs.start();
  let ingest: ServerType | undefined;
  let api: ServerType | undefined;
  try {
    ingest = await listen(
      ingestApp,
      config.ingestPort,
      config.ingestHost,
      'ingest',
      'ARGUS_INGEST_PORT (--ingest-port)',
      httpTimeouts(config),
    );
    answerTimeoutsWith503(ingest as Server);
    api = await listen(apiApp, config.apiPort, config.apiHost, 'API', 'ARGUS_API_PORT (--api-port)', httpTimeouts(config));
  } catch (e) {
    ingest?.close();
    await jobs.stop();
    for (const m of [...modules].reverse()) await m.stop?.();
    await storage.close();
    throw e;
  }
  let stopped = false;
  return {
    deps,
    ingestUrl: urlOf(ingest, config.ingestHost),
    apiUrl: urlOf(api, config.apiHost),
    ingestKey: accounts.bootstrap.ingestKey,
    adminToken: accounts.bootstrap.adminToken,
    bootstrap: accounts.bootstrap,
    apiRoutes: apiApp.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path })),
    async stop() {
      if (stopped) return;
      stopped = true;
      // each step named, and a slow one logged every 10 s: a stop that does not end says what it waits for
      const t0 = Date.now();
      let step = 'closing the ingest port';
      const watch = setInterval(() => deps.log.warn({ step, ms: Date.now() - t0 }, 'stopping: still waiting'), 10_000);
      watch.unref();
      try {
        await closeServer(ingest, 5000, () =>
          deps.log.warn('stopping: ingest requests still busy after 5 s cut off (their clients retry)'),
        );
        step = 'stopping jobs';
        await jobs.stop();
        for (const m of [...modules].reverse()) {
          step = `stopping module ${m.name}`;
          await m.stop?.();
        }
        step = 'closing the API port';
        await closeServer(api, 5000, () => deps.log.warn('stopping: API requests still busy after 5 s cut off'));
        step = 'settling the disk guard';
        await diskGuard?.settle();
        step = 'closing storage';
        await storage.close();
      } finally {
        clearInterval(watch);
      }
    },
  };
}

export { loadConfig } from './config.js';
export type { CollectorConfig } from './config.js';
export type { CollectorDeps, CollectorModule } from './module.js';
