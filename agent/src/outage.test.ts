/**
 * Resilience against the real collector: stop it while the agent runs, start it again on the same data
 * directory and port, and check that every 1-second host CPU point of the outage window was stored.
 * The outage is 60 s; the suite uses ARGUS_TEST_OUTAGE_SECONDS (default 15 s) to stay fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { sensor as hostSensor } from '@argus/sensor-host';
import { startTestAgent } from '../testing/test-agent.js';
import type { RunningAgent } from './agent.js';

const OUTAGE_S = Number(process.env.ARGUS_TEST_OUTAGE_SECONDS ?? 15);
const METRIC = 'system.cpu.time';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const collectorDir = mkdtempSync(join(tmpdir(), 'argus-outage-col-'));
const agentDir = mkdtempSync(join(tmpdir(), 'argus-outage-agent-'));
let collector: TestCollector | undefined;
let agent: RunningAgent | undefined;
afterAll(async () => {
  await agent?.stop();
  await collector?.stop();
  rmSync(collectorDir, { recursive: true, force: true });
  rmSync(agentDir, { recursive: true, force: true });
});

async function storedSeconds(c: TestCollector, entityId: string, from: number, to: number): Promise<number[]> {
  const rows = await c.deps.storage.query<{ t: string }>(
    `SELECT DISTINCT toUnixTimestamp64Milli(timestamp) AS t FROM metric_points
     WHERE metric = {metric:String} AND entity_id = {entity:String}
       AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp <= fromUnixTimestamp64Milli({to:Int64})
     ORDER BY t`,
    { metric: METRIC, entity: entityId, from, to },
  );
  return rows.map((r) => Number(r.t));
}

it(`stores every 1-second host CPU point of a ${OUTAGE_S}-second collector outage`, async () => {
  const port = await freePort();
  collector = await startTestCollector({ dataDir: collectorDir, ingestPort: port });
  const sensors = [hostSensor];
  agent = await startTestAgent({
    endpoint: `http://127.0.0.1:${port}`,
    key: collector.ingestKey,
    dataDir: agentDir,
    sensors,
    file: { export: { minBackoffMs: 200, maxBackoffMs: 2000 } },
  });
  const hostEntity = agent.identity.hostEntityId;
  const c1 = collector;
  const before = Date.now();
  for (let i = 0; i < 100 && (await storedSeconds(c1, hostEntity, before - 10_000, Date.now())).length < 2; i++) {
    await new Promise((r) => setTimeout(r, 200));
  }
  expect((await storedSeconds(c1, hostEntity, before - 10_000, Date.now())).length).toBeGreaterThanOrEqual(2);

  const down = Date.now();
  await c1.stop();
  collector = undefined;
  await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
  expect(agent.exporter.stats().records).toBeGreaterThan(0); // the agent spooled while the collector was away
  collector = await startTestCollector({ dataDir: collectorDir, ingestPort: port });
  const up = Date.now();

  // wait for the replay, then for the collector's batch writer to make it queryable
  expect(await agent.drain(60_000)).toBe(true);
  const from = Math.ceil(down / 1000) * 1000;
  const to = Math.floor(up / 1000) * 1000;
  const expected: number[] = [];
  for (let t = from; t <= to; t += 1000) expected.push(t);
  let got: number[] = [];
  for (let i = 0; i < 50; i++) {
    got = await storedSeconds(collector, hostEntity, from, to);
    if (got.length >= expected.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(expected.length).toBeGreaterThanOrEqual(OUTAGE_S);
  expect(got).toEqual(expected);
  expect(agent.exporter.stats().droppedRecords).toBe(0);

  // the entity posts went through the same spool: the host and the agent are known to the collector
  const list = async (type: string) =>
    (await (await fetch(`${collector!.apiUrl}/api/v1/infrastructure/entities?type=${type}`)).json()) as {
      entities: Array<{ id: string; online: boolean }>;
    };
  expect((await list('host')).entities.map((e) => e.id)).toContain(hostEntity);
  expect((await list('agent')).entities.find((e) => e.id === `agent:${agent!.identity.hostId}`)?.online).toBe(true);
}, 180_000); // a 15 s outage, two collector starts and the replay: minutes on a loaded 2-core machine

it('keeps what it spooled across an agent restart while the collector is down', async () => {
  const port = Number(new URL(collector!.ingestUrl).port);
  const key = collector!.ingestKey;
  await agent!.stop();
  agent = undefined;
  await collector!.stop();
  collector = undefined;
  const sensors = [hostSensor];
  // the same agent twice: same data directory, so the second one finds the first one's spool
  const options = {
    endpoint: `http://127.0.0.1:${port}`,
    key,
    dataDir: agentDir,
    sensors,
    file: { export: { minBackoffMs: 200, maxBackoffMs: 1000 } },
  };
  const first = await startTestAgent(options);
  const from = Math.ceil(Date.now() / 1000) * 1000 + 1000;
  await new Promise((r) => setTimeout(r, 4500));
  await first.stop();
  const to = Math.floor(Date.now() / 1000) * 1000 - 1000;
  expect(first.exporter.stats().records).toBeGreaterThan(0);

  agent = await startTestAgent(options);
  collector = await startTestCollector({ dataDir: collectorDir, ingestPort: port });
  expect(await agent.drain(30_000)).toBe(true);
  const expected: number[] = [];
  for (let t = from; t <= to; t += 1000) expected.push(t);
  let got: number[] = [];
  for (let i = 0; i < 50 && got.length < expected.length; i++) {
    got = await storedSeconds(collector, agent.identity.hostEntityId, from, to);
    if (got.length < expected.length) await new Promise((r) => setTimeout(r, 200));
  }
  expect(expected.length).toBeGreaterThanOrEqual(2);
  expect(got).toEqual(expected);
}, 180_000);
