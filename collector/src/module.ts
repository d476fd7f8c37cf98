import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Accounts } from './accounts/open.js';
import type { Principal } from './accounts/principal.js';
import type { CollectorConfig } from './config.js';
import type { JobRunner } from './jobs/types.js';
import type { QueryServices } from './query/services.js';
import type { Storage } from './storage/storage.js';
import type { TenantStore } from './tenants/tenant-store.js';
import type { Telemetry } from './telemetry.js';

/** What every collector module gets: validated config, storage, a logger, tenants, self-telemetry, the job runner. */
export interface CollectorDeps {
  config: CollectorConfig;
  storage: Storage;
  log: Logger;
  tenants: TenantStore;
  /** users, roles, sessions, API tokens, the audit log (`deps.accounts.audit(c, { action, target })` records a change) */
  accounts: Accounts;
  telemetry: Telemetry;
  /** background work: `deps.jobs.register({ name, intervalMs, timeoutMs, singleton, run })` from a module's start() */
  jobs: JobRunner;
  /**
   * The read side (query/services.ts): typed functions per feature, e.g. `deps.queries.analytics.kpiSeries(tenant,
   * target, range)`; routes, jobs (alert evaluation) and the UI's server side call these, never SQL of their own.
   */
  queries: QueryServices;
}

/**
 * Variables set on the Hono context by the auth middlewares: `tenant` on both ports, `principal` (who is
 * calling, with its role in the tenant) on /api/v1 only.
 */
export type AppEnv = { Variables: { tenant: string; principal: Principal } };

/**
 * The collector's extension point: a feature (OTLP ingest, infrastructure, analytics, EUM, alerts...) is one
 * module, listed in modules.ts. Migrations of all modules are applied in the global order of their file
 * names (NNN-name.sql), so each module owns a number range (the ranges are listed in modules.ts).
 */
export interface CollectorModule {
  name: string;
  /** absolute path of a folder of NNN-name.sql migrations */
  migrationsDir?: string;
  /** the feature's query services, merged into `deps.queries` (before any api() or start() runs) */
  queries?(deps: CollectorDeps): Partial<QueryServices>;
  /** routes on the ingest port (4318). Use `deps.tenants.ingestAuth` for ingest-key protected routes. */
  ingest?(app: Hono<AppEnv>, deps: CollectorDeps): void;
  /** routes on the API port (8080), mounted under /api/v1 behind the API auth middleware; `c.get('tenant')` is set */
  api?(app: Hono<AppEnv>, deps: CollectorDeps): void;
  /** background work: register jobs with deps.jobs (they start once every module has started); after migrations */
  start?(deps: CollectorDeps): Promise<void> | void;
  /** flush and stop; called on shutdown in reverse order */
  stop?(): Promise<void> | void;
}
