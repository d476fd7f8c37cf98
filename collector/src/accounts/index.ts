import { fileURLToPath } from 'node:url';
import type { CollectorModule } from '../module.js';
import { loadAccountsConfig } from './config.js';
import { purgeDeletedTenants } from './purge.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerTenantRoutes } from './routes/tenant-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';

export { authMiddleware } from './middleware.js';
export { openAccounts, type Accounts } from './open.js';
export type { Principal } from './principal.js';

/**
 * Accounts and tenants: login and sessions, users and roles, API tokens, ingest keys, tenants and their removal,
 * the audit log. The stores and the auth middleware are opened by the collector itself (deps.accounts, before
 * any route runs); this module adds the routes and the background jobs. Migrations 100-119.
 */
export function createAccountsModule(): CollectorModule {
  loadAccountsConfig(); // validated with the other modules' settings, before storage is opened
  return {
    name: 'accounts',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    api(app, deps) {
      registerAuthRoutes(app, deps.accounts);
      registerTenantRoutes(app, deps.accounts);
      registerTokenRoutes(app, deps.accounts);
      registerUserRoutes(app, deps.accounts);
      registerAuditRoutes(app, deps.accounts);
    },
    start(deps) {
      const { accounts } = deps;
      if (accounts.syncMs > 0) {
        deps.jobs.register({ name: 'accounts.sync', intervalMs: accounts.syncMs, timeoutMs: 30_000, run: () => accounts.sync() });
      }
      deps.jobs.register({
        name: 'accounts.tenant-purge',
        intervalMs: Math.max(1000, Math.min(10_000, accounts.config.purgeDelayMs)),
        timeoutMs: 3_600_000,
        singleton: true,
        runAtStart: true,
        run: async ({ signal, log }) => {
          await purgeDeletedTenants(accounts, deps.storage, log, signal);
        },
      });
    },
  };
}
