import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'argus-engine-log-'));
let c: TestCollector | undefined;
afterAll(async () => {
  await c?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

it('ARGUS_EMBEDDED_LOG: the in-process ClickHouse writes its own log there, at the level asked (queries are logged at debug)', async () => {
  const file = join(dir, 'clickhouse.log');
  c = await startTestCollector({ embeddedLog: file, embeddedLogLevel: 'debug' });
  await c.deps.storage.query('SELECT 1');
  expect(existsSync(file)).toBe(true);
  const text = readFileSync(file, 'utf8');
  expect(text).toMatch(/<Debug> executeQuery: .*SELECT 1/);
}, 120_000);
