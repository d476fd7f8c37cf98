import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { AccountsConfigInput } from '../src/accounts/config.js';
import type { CollectorConfigInput } from '../src/config.js';
import { startCollector, type RunningCollector } from '../src/index.js';
import { authenticateFetch } from './authenticated-fetch.js';

/** a span's resource attributes as a map, however the row stored them (SELECT it under another name) */
export { RESOURCE_ATTRIBUTES_EXPR } from '../src/query/span-view.js';

export interface TestCollector extends RunningCollector {
  dataDir: string;
  /** the default tenant's ingest key (kept in the data directory, so a restart on it gets the same one) */
  ingestKey: string;
  /** an instance-admin API token (same) */
  adminToken: string;
  /** `Authorization` header with the admin token (acts in the `default` tenant unless `x-argus-tenant` says otherwise) */
  authHeaders: Record<string, string>;
  /** stop and delete the data directory */
  destroy(): Promise<void>;
}

export interface TestCollectorOptions {
  /** accounts settings (session lifetimes, login limits, sync period, purge delay) */
  accounts?: AccountsConfigInput;
  /**
   * default true: every `fetch` of this process to the collector's API port that carries neither an
   * Authorization header nor a cookie is sent with the admin token, so tests written before auth existed keep
   * working unchanged; auth tests pass false and send credentials themselves
   */
  authenticateFetch?: boolean;
}

/** credentials a test collector presets (ARGUS_INGEST_KEY, ARGUS_ADMIN_TOKEN), kept beside its data */
function credentials(dataDir: string): { ingestKey: string; adminToken: string } {
  const file = join(dataDir, 'test-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { ingestKey: string; adminToken: string };
  const creds = { ingestKey: `ak_${randomBytes(24).toString('base64url')}`, adminToken: `at_${randomBytes(24).toString('base64url')}` };
  writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/**
 * The whole collector in-process on free loopback ports with a temporary data directory (embedded chDB: one per
 * process, so one per test file). Pass `dataDir` to reuse a directory across a restart.
 */
export async function startTestCollector(config: CollectorConfigInput = {}, opts: TestCollectorOptions = {}): Promise<TestCollector> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'argus-test-'));
  const creds = credentials(dataDir);
  const c = await startCollector({
    config: {
      ingestPort: 0,
      apiPort: 0,
      ingestHost: '127.0.0.1',
      apiHost: '127.0.0.1',
      batchFlushMs: 100,
      ingestKey: creds.ingestKey,
      adminToken: creds.adminToken,
      ...config,
      dataDir,
    },
    log: pino({ level: process.env.ARGUS_TEST_LOG ?? 'silent' }),
    accounts: opts.accounts,
  });
  const ingestKey = c.ingestKey ?? creds.ingestKey;
  const adminToken = c.adminToken ?? creds.adminToken;
  const release = opts.authenticateFetch === false ? () => undefined : authenticateFetch(c.apiUrl, adminToken);
  return {
    ...c,
    ingestKey,
    adminToken,
    authHeaders: { authorization: `Bearer ${adminToken}` },
    dataDir,
    async stop() {
      release();
      await c.stop();
    },
    async destroy() {
      release();
      await c.stop();
      // the in-process engine may still finish a merge (writing its part's files) after its connections close
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
