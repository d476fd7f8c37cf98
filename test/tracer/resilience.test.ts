/**
 * Agent and collector both down: the traced app answers exactly like an untraced one, the tracer drops
 * (and counts) what it cannot send, and memory stays bounded under load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '../servers/index.js';
import { runLoad } from '../../bench/tracer/load.js';
import { startApp, type RunningApp } from './apps.js';

let redis: RedisServer;
let inventory: RunningApp;
let untraced: RunningApp;
let agentDown: RunningApp;
let collectorDown: RunningApp;

// inventory-api stands in for service B without a database: /items/:id answers 500 (no PG configured),
// so the shop uses /hello for load and a small fixed route for the response comparison.
beforeAll(async () => {
  redis = await startRedis();
  const deadPort = String(await freePort());
  const common = { REDIS_PORT: String(redis.port), INVENTORY_URL: 'http://127.0.0.1:9' };
  inventory = await startApp('inventory-api', { PGHOST: '127.0.0.1', PGPORT: deadPort }, { traced: false });
  common.INVENTORY_URL = inventory.url;
  const small = { ARGUS_MAX_QUEUE: '200', ARGUS_MAX_BATCH: '50', ARGUS_FLUSH_MS: '100', ARGUS_EXPORT_TIMEOUT_MS: '500' };
  [untraced, agentDown, collectorDown] = await Promise.all([
    startApp('shop-frontend', common, { traced: false }),
    startApp('shop-frontend', { ...common, ...small, ARGUS_AGENT_PORT: deadPort }),
    startApp('shop-frontend', { ...common, ...small, ARGUS_ENDPOINT: `http://127.0.0.1:${deadPort}`, ARGUS_KEY: 'k' }),
  ]);
});

afterAll(async () => {
  await Promise.allSettled([untraced?.stop(), agentDown?.stop(), collectorDown?.stop(), inventory?.stop()]);
  await redis?.stop();
});

async function snapshot(app: RunningApp, path: string) {
  const res = await fetch(`${app.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

async function stats(app: RunningApp) {
  const res = await fetch(`${app.url}/internal/stats`);
  return (await res.json()) as {
    memory: NodeJS.MemoryUsage;
    tracer: { exported: number; droppedQueueFull: number; droppedExportFailed: number } | null;
  };
}

function load(app: RunningApp, amount: number) {
  return runLoad({ url: `${app.url}/hello`, connections: 20, amount });
}

describe('tracer with agent and collector down', () => {
  it('serves the same responses as the untraced app', async () => {
    for (const path of ['/hello', '/orders/7', '/does-not-exist']) {
      const expected = await snapshot(untraced, path);
      expect(await snapshot(agentDown, path)).toEqual(expected);
      expect(await snapshot(collectorDown, path)).toEqual(expected);
    }
    expect((await stats(untraced)).tracer).toBeNull();
  });

  it('drops and counts spans under load, with bounded memory', async () => {
    for (const app of [agentDown, collectorDown]) {
      await load(app, 1000); // warm-up: JIT, pools, the export path failing
      const before = await stats(app);
      const result = await load(app, 6000);
      expect(result.non2xx).toBe(0);
      expect(result.errors).toBe(0);
      const after = await stats(app);
      expect(after.tracer!.exported).toBe(0);
      // 7k requests were traced: nearly all of them were dropped, because nothing can be sent
      expect(after.tracer!.droppedQueueFull + after.tracer!.droppedExportFailed).toBeGreaterThan(6000);
      // 6k more spans through a queue capped at 200: the heap does not grow with the request count
      expect(after.memory.heapUsed - before.memory.heapUsed).toBeLessThan(32 * 1024 * 1024);
      // the app's output: its own line plus at most a few one-time tracer warnings, no stack traces
      const lines = app.output().trim().split('\n');
      expect(lines.filter((l) => !l.startsWith('LISTENING') && !l.startsWith('[argus] warn:'))).toEqual([]);
      expect(lines.length).toBeLessThanOrEqual(4);
    }
  });
});
