import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { CollectorConfig } from '../config.js';
import type { Storage } from '../storage/storage.js';
import { createTenantStore, type TenantStore } from '../tenants/tenant-store.js';
import { createAccountStore, type AccountStore } from './account-store.js';
import { bootstrap, type BootstrapResult } from './bootstrap.js';
import { loadAccountsConfig, type AccountsConfig, type AccountsConfigInput } from './config.js';
import type { Principal } from './principal.js';
import { clientIp } from './request-info.js';
import { createSessionService, type SessionService } from './session-service.js';

export interface AuditInput {
  /** dotted verb, e.g. `website.created`, `alert_rule.updated` */
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
  /** default: the request's tenant */
  tenant?: string;
}

/** deps.accounts: everything about who may do what, for the middleware, the accounts routes and other modules */
export interface Accounts {
  config: AccountsConfig;
  tenants: TenantStore;
  store: AccountStore;
  sessions: SessionService;
  bootstrap: BootstrapResult;
  log: Logger;
  /** period of `sync()` for this storage (0: no other collector can share it) */
  syncMs: number;
  /** re-reads what other collectors changed (keys, tokens, users, sessions, tenants) */
  sync(): Promise<void>;
  /** records who (the request's principal) did what in the request's tenant */
  audit(c: Context, e: AuditInput): Promise<void>;
}

/** Opens tenants and accounts (after migrations) and runs the first-start bootstrap. */
export async function openAccounts(o: {
  storage: Storage;
  config: CollectorConfig;
  log: Logger;
  overrides?: AccountsConfigInput;
}): Promise<Accounts> {
  const cfg = loadAccountsConfig(o.overrides);
  const tenants = await createTenantStore(o.storage);
  const store = await createAccountStore(o.storage, tenants);
  const log = o.log.child({ component: 'accounts' });
  const result = await bootstrap(store, o.config, cfg, log);
  return {
    config: cfg,
    tenants,
    store,
    sessions: createSessionService(store, cfg, log),
    bootstrap: result,
    log,
    syncMs: cfg.syncMs ?? (o.storage.mode === 'embedded' ? 0 : 1000),
    sync: store.sync,
    async audit(c, e) {
      const p = c.get('principal') as Principal | undefined;
      await store.audit.record({
        tenant: e.tenant ?? (c.get('tenant') as string | undefined) ?? '',
        actor: p ? { type: p.kind, id: p.id, name: p.name } : { type: 'system', id: '', name: '' },
        action: e.action,
        target: e.target,
        details: e.details,
        ip: clientIp(c, cfg.trustProxy),
      });
    },
  };
}
