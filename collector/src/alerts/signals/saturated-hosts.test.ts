import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodeMetrics, postMetrics } from '../../../testing/otlp-metrics.js';
import { saturatedHosts, NOW_WINDOW_MS } from './saturated-hosts.js';
import { PRE_EXISTING_MS } from '../correlation/root-cause.js';

// Hosts' CPU as the correlation reads it, against real chDB: "new" is idle for 2 minutes, then saturated for the last
// 10 s; "recent" only for the last 5 s (a hog that began 5 s before an incident opened); "blip" for the last 2 s;
// "ended" for 8 s, until 20 s ago (a hog over before a later look at an incident that began 25 s ago); "always" has
// been saturated all along; "calm" never is.
let c: TestCollector;
const now = Date.now();

beforeAll(async () => {
  c = await startTestCollector({ batchFlushMs: 20 });
  const busy = (host: string, f: (t: number) => number) =>
    postMetrics(
      c.ingestUrl,
      c.ingestKey,
      encodeMetrics({ 'argus.entity.id': `host:${host}` }, [
        {
          name: 'system.cpu.utilization',
          kind: 'gauge',
          attributes: { state: 'busy' },
          points: Array.from({ length: 120 }, (_, i) => now - 119_000 + i * 1000).map((t) => ({ t, v: f(t) })),
        },
      ]),
    );
  await busy('new', (t) => (t > now - NOW_WINDOW_MS ? 0.99 : 0.2));
  await busy('recent', (t) => (t > now - 5000 ? 1 : 0.4));
  await busy('blip', (t) => (t > now - 2000 ? 1 : 0.4));
  await busy('ended', (t) => (t > now - 28_000 && t <= now - 20_000 ? 0.98 : 0.5));
  await busy('always', () => 0.99);
  await busy('calm', () => 0.3);
});
afterAll(() => c?.destroy());

it('names hosts saturated now (5 s or more), dated from the second their saturation began, from long before when busy all along', async () => {
  let hosts: Awaited<ReturnType<typeof saturatedHosts>> = [];
  for (let i = 0; i < 100 && hosts.length < 3; i++) {
    hosts = await saturatedHosts(c.deps.storage, 'default', now + 500);
    if (hosts.length < 3) await new Promise((r) => setTimeout(r, 100));
  }
  const by = Object.fromEntries(hosts.map((h) => [h.entityId, h]));
  expect(Object.keys(by).sort()).toEqual(['host:always', 'host:new', 'host:recent']);
  expect(by['host:new'].value).toBeGreaterThanOrEqual(0.95);
  expect(by['host:new'].seconds).toBe(NOW_WINDOW_MS / 1000);
  // over its 5 saturated seconds, not the 10 s window (which its calm seconds would pull to 70 %)
  expect(by['host:recent']).toMatchObject({ value: 1, seconds: 5 });
  expect(by['host:recent'].since).toBe(Math.floor((now - 5000) / 1000) * 1000 + 1000);
  // the first saturated point's second (the one after the last point below the close level)
  expect(by['host:new'].since).toBe(Math.floor((now - NOW_WINDOW_MS) / 1000) * 1000 + 1000);
  expect(by['host:always'].since).toBe(now + 500 - PRE_EXISTING_MS - 20_000);
  expect(hosts.every((h) => h.until === undefined)).toBe(true);
});

it('looks from 10 s before the incident began: a saturation that ended since is named, with when it ended', async () => {
  const hosts = await saturatedHosts(c.deps.storage, 'default', now + 500, now - 25_000);
  const by = Object.fromEntries(hosts.map((h) => [h.entityId, h]));
  expect(Object.keys(by).sort()).toEqual(['host:always', 'host:ended', 'host:new', 'host:recent']);
  const second = (t: number) => Math.floor(t / 1000) * 1000;
  expect(by['host:ended']).toMatchObject({ seconds: 8, since: second(now - 27_000), until: second(now - 20_000) });
  expect(by['host:ended'].value).toBeCloseTo(0.98);
  expect(by['host:new'].until).toBeUndefined();
});
