import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CollectorConfig } from '../config.js';
import { DEFAULT_TENANT } from '../tenants/tenant-store.js';
import { hashSecret } from '../tenants/secrets.js';
import type { AccountStore } from './account-store.js';
import type { AccountsConfig } from './config.js';

/** Credentials that exist because of this start: printed once by whoever started the collector. */
export interface BootstrapResult {
  /** the default tenant's ingest key: created now, or preset by ARGUS_INGEST_KEY (undefined: it exists and only its hash is kept) */
  ingestKey?: string;
  ingestKeyCreated: boolean;
  /** ARGUS_ADMIN_TOKEN, when it is a valid instance-admin token */
  adminToken?: string;
  /** the owner account, when created now; `password` only when generated here (not from ARGUS_ADMIN_PASSWORD) */
  owner?: { email: string; password?: string };
}

const SYSTEM = { type: 'system' as const, id: 'bootstrap', name: 'first start' };

/**
 * First start: the `default` tenant, an ingest key for it and an owner account (also instance admin) that logs
 * in with ARGUS_ADMIN_EMAIL and ARGUS_ADMIN_PASSWORD or a generated password. Every start: ARGUS_INGEST_KEY and
 * ARGUS_ADMIN_TOKEN are registered when new (hashed); a preset that was revoked stays revoked.
 */
export async function bootstrap(store: AccountStore, core: CollectorConfig, cfg: AccountsConfig, log: Logger): Promise<BootstrapResult> {
  const { tenants, audit } = store;
  const out: BootstrapResult = { ingestKeyCreated: false };
  if (tenants.all().length === 0) {
    await tenants.create({ id: DEFAULT_TENANT, name: 'Default' });
    await audit.record({ tenant: '', actor: SYSTEM, action: 'tenant.created', target: { type: 'tenant', id: DEFAULT_TENANT } });
  }
  const defaultActive = tenants.isActive(DEFAULT_TENANT);
  if (core.ingestKey && defaultActive) {
    const r = await tenants.registerKey(DEFAULT_TENANT, core.ingestKey, 'preset (ARGUS_INGEST_KEY)');
    if (r === 'revoked') log.warn('ARGUS_INGEST_KEY was revoked through the API: it stays revoked');
    else out.ingestKey = core.ingestKey;
  } else if (defaultActive && tenants.listKeys(DEFAULT_TENANT).length === 0) {
    const k = await tenants.createKey(DEFAULT_TENANT, 'default', 'first start');
    await audit.record({ tenant: DEFAULT_TENANT, actor: SYSTEM, action: 'ingest_key.created', target: { type: 'ingest_key', id: k.id } });
    out.ingestKey = k.key;
    out.ingestKeyCreated = true;
  }
  if (store.users().length === 0) {
    const password = cfg.adminPassword ?? randomBytes(15).toString('base64url');
    const { user } = await store.createUser({ email: cfg.adminEmail, name: 'Owner', password, instanceAdmin: true });
    if (defaultActive) await store.setMembership(DEFAULT_TENANT, user.id, 'owner');
    await audit.record({
      tenant: '',
      actor: SYSTEM,
      action: 'user.created',
      target: { type: 'user', id: user.id },
      details: { email: user.email, instanceAdmin: true },
    });
    log.info({ email: user.email, passwordFrom: cfg.adminPassword ? 'ARGUS_ADMIN_PASSWORD' : 'generated' }, 'owner account created');
    out.owner = { email: user.email, password: cfg.adminPassword ? undefined : password };
  }
  if (core.adminToken) {
    const known = store.knownToken(core.adminToken);
    if (!known) {
      const { view } = await store.createToken({
        tenant: '',
        id: `tk_preset_${hashSecret(core.adminToken).slice(0, 12)}`,
        name: 'ARGUS_ADMIN_TOKEN',
        role: 'instance_admin',
        createdBy: 'ARGUS_ADMIN_TOKEN',
        secret: core.adminToken,
      });
      await audit.record({
        tenant: '',
        actor: SYSTEM,
        action: 'token.created',
        target: { type: 'token', id: view.id },
        details: { role: 'instance_admin' },
      });
      out.adminToken = core.adminToken;
    } else if (known.revoked) {
      log.warn('ARGUS_ADMIN_TOKEN was revoked through the API: it stays revoked');
    } else out.adminToken = core.adminToken;
  }
  return out;
}
