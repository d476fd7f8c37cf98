import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CollectorConfigInput } from '../src/config.js';
import { startCollector, type RunningCollector } from '../src/index.js';

export interface TestCollector extends RunningCollector {
  dataDir: string;
  /** stop and delete the data directory */
  destroy(): Promise<void>;
}

/**
 * The whole collector in-process on free loopback ports with a temporary data directory (embedded chDB: one per
 * process, so one per test file). Pass `dataDir` to reuse a directory across a restart.
 */
export async function startTestCollector(config: CollectorConfigInput = {}): Promise<TestCollector> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'argus-test-'));
  const c = await startCollector({
    config: { ingestPort: 0, apiPort: 0, ingestHost: '127.0.0.1', apiHost: '127.0.0.1', batchFlushMs: 100, ...config, dataDir },
    log: pino({ level: process.env.ARGUS_TEST_LOG ?? 'silent' }),
  });
  return {
    ...c,
    dataDir,
    async destroy() {
      await c.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
