/**
 * Spans the tracer cannot keep are counted end to end: a traced app whose span buffer holds one span drops the
 * rest of a burst (queue_full); the same count must show in the tracer's own stats, in the agent tracer intake's
 * Prometheus counter, in the collector's Prometheus counter argus_tracer_spans_dropped_total and in the Node.js
 * entity's metric argus.tracer.spans.dropped that the UI's service page reads through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { runLoad } from '../../bench/tracer/load.js';
import { startRedis, type RedisServer } from '../servers/index.js';
import { poll, startApp, type RunningApp } from './apps.js';
import { startIntakeTo, TEST_HOST_ID, type TestIntake } from './collector-intake.js';

let redis: RedisServer;
let collector: TestCollector;
let intake: TestIntake;
let app: RunningApp;

beforeAll(async () => {
  [redis, collector] = await Promise.all([startRedis(), startTestCollector()]);
  intake = await startIntakeTo(collector);
  app = await startApp('shop-frontend', {
    ARGUS_AGENT_PORT: String(intake.port),
    REDIS_PORT: String(redis.port),
    INVENTORY_URL: 'http://127.0.0.1:9',
    // one span held at a time, sent every 200 ms: a burst of requests overflows it
    ARGUS_MAX_QUEUE: '1',
    ARGUS_FLUSH_MS: '200',
    ARGUS_METRICS_INTERVAL_MS: '300',
  });
});

afterAll(async () => {
  await app?.stop();
  await intake?.intake.stop();
  await collector?.destroy();
  await redis?.stop();
});

/** the value of the Prometheus sample `name` whose labels include every one of `labels` (summed over the rest) */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const set = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

describe('dropped spans, counted end to end', () => {
  it('shows the tracer-counted drops in the agent, the collector and the entity metric', async () => {
    const load = await runLoad({ url: `${app.url}/hello`, connections: 20, amount: 600 });
    expect(load.non2xx + load.errors).toBe(0);
    // let the buffer empty, then read the tracer's own count (the stats request's own two spans, server and
    // express handler, may add one drop more: one is held, the other finds the buffer full)
    await new Promise((r) => setTimeout(r, 600));
    const stats = (await (await fetch(`${app.url}/internal/stats`)).json()) as { tracer: { droppedQueueFull: number } };
    const dropped = stats.tracer.droppedQueueFull;
    // how many drop depends on the machine's speed (a busy machine drains the one-span buffer between requests): some must
    expect(dropped).toBeGreaterThan(0);

    const labels = { service: 'shop-frontend', reason: 'queue_full' };
    const entity = `nodejs:${TEST_HOST_ID}:${String(app.pid)}`;
    const counts = async () => {
      const agentText = await (await fetch(`http://127.0.0.1:${String(intake.port)}/metrics`)).text();
      const collectorText = await (await fetch(`${collector.ingestUrl}/metrics`)).text();
      // the Node.js entity's cumulative counter as stored (what the API serves per entity)
      const rows = await collector.deps.storage.query<{ v: number }>(
        `SELECT max(value) AS v FROM metric_points
         WHERE entity_id = {e:String} AND metric = 'argus.tracer.spans.dropped' AND attributes['reason'] = 'queue_full'`,
        { e: entity },
      );
      return {
        agent: sample(agentText, 'argus_agent_tracer_spans_dropped_total', labels),
        collector: sample(collectorText, 'argus_tracer_spans_dropped_total', labels),
        stored: Number(rows[0]?.v ?? 0),
      };
    };
    const seen = await poll('the same count in the agent, the collector and storage', async () => {
      const c = await counts();
      return c.agent >= dropped && c.collector === c.agent && c.stored === c.agent ? c : undefined;
    });
    expect(seen.agent - dropped).toBeLessThanOrEqual(1);

    // the series the service page charts through the API: the counter as a rate per second, each point with the
    // increase it stands for. They add up to the stored counter, the drops of the tracer's first reports included
    // (its report at start stores the zero base; a first bucket counts from its earliest point).
    // Read as the service page reads it, over the last hour with 120 points (from a rollup), and over two minutes
    // (raw 1 s points).
    for (const [rangeMs, maxPoints] of [
      [3_600_000, '120'],
      [120_000, '1000'],
    ] as const) {
      const series = await poll(`the dropped-spans rate series adding up to the stored counter (${rangeMs} ms)`, async () => {
        const now = Date.now();
        const q = new URLSearchParams({
          entity,
          metric: 'argus.tracer.spans.dropped',
          from: String(now - rangeMs),
          to: String(now + 5000),
          maxPoints,
        });
        const res = await fetch(`${collector.apiUrl}/api/v1/metrics?${q.toString()}`);
        expect(res.status).toBe(200);
        const body = (await res.json()) as {
          resolution: string;
          series: Array<{ attributes: Record<string, string>; mode: string; points: Array<{ v: number; d?: number }> }>;
        };
        const s = body.series.find((x) => x.attributes.reason === 'queue_full');
        const total = s?.points.reduce((sum, p) => sum + (p.d ?? 0), 0);
        const { stored } = await counts();
        return s && total === stored ? { ...s, total, resolution: body.resolution } : undefined;
      });
      expect(series.resolution === 'raw').toBe(rangeMs === 120_000);
      expect(series.mode).toBe('rate');
      expect(series.total).toBeGreaterThanOrEqual(dropped);
    }
  });
});
