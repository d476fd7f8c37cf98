import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../../../testing/index.js';
import { randomHex as hex, skeletonSpan as span, startCollectorWithoutResolver } from '../../../testing/resolver-tests.js';
import { writeSkeleton, type SkeletonSpan } from '../../ingest/derive/skeleton.js';
import { createSpanFeed } from '../../ingest/span-feed.js';
import { loadAnalyticsConfig } from '../config.js';
import { createTelemetry } from '../../telemetry.js';
import { createThreadedResolver } from './resolver-thread.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startCollectorWithoutResolver();
}, 120_000);
afterAll(() => c?.destroy());

/** a request to `web` that calls `api` (client + server span) and PostgreSQL */
function trace(): SkeletonSpan[] {
  const t = hex(16);
  const root = span(t, 'web', 2);
  const client = span(t, 'web', 3, { parentSpanId: root.spanId, serverAddress: 'api.internal' });
  const db = span(t, 'web', 3, { parentSpanId: root.spanId, endpoint: 'SELECT items', dbSystem: 'postgresql', dbNamespace: 'shop' });
  const server = span(t, 'api', 2, { parentSpanId: client.spanId, endpoint: 'GET /items' });
  return [root, client, db, server];
}

const edges = async () =>
  Object.fromEntries(
    (
      await c.deps.storage.query<{ e: string; n: string }>(
        `SELECT concat(caller_service, ' -> ', callee_service) AS e, toString(sum(calls)) AS n FROM edge_kpi_1s GROUP BY e`,
      )
    ).map((r) => [r.e, Number(r.n)]),
  );

describe('the call resolver on its own thread', () => {
  it('resolves calls across batches, and after the thread dies resolves what it had not acknowledged, once', async () => {
    const feed = createSpanFeed();
    const config = loadAnalyticsConfig({ graceMs: 600_000 });
    const telemetry = createTelemetry();
    const resolver = createThreadedResolver({ storage: c.deps.storage, config, log: pino({ level: 'silent' }), feed, telemetry });
    const memory = (kind: string) =>
      Number(new RegExp(`^argus_resolver_memory_bytes\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(telemetry.render())?.[1]);
    const publish = (scope: string, spans: SkeletonSpan[]) =>
      feed.publish({ scope, parts: [{ tenant: 'default', skeleton: writeSkeleton(spans) }], capped: new Map(), replayed: false });
    try {
      // the client half first, the server half in a later batch: one call web -> api, and the database at once
      const first = Array.from({ length: 50 }, trace);
      const a = publish(
        't-a',
        first.flatMap((s) => s.slice(0, 3)),
      );
      await resolver.tick();
      await a;
      expect(await edges()).toEqual({ 'web -> postgresql:shop': 50 });
      // the thread's own memory, reported with its run
      expect(memory('heap')).toBeGreaterThan(1_000_000);
      expect(memory('external')).toBeGreaterThan(0);
      const b = publish(
        't-b',
        first.map((s) => s[3]),
      );
      await resolver.tick();
      await b;
      expect(await edges()).toEqual({ 'web -> postgresql:shop': 50, 'web -> api': 50 });
      expect(resolver.stats).toMatchObject({ batches: 2, spans: 200 });

      // a batch handed over, then the thread ends before resolving it: the next tick starts another thread with it
      const d = publish('t-d', Array.from({ length: 30 }, trace).flat());
      await resolver.crash();
      await resolver.tick();
      await d;
      expect(await edges()).toEqual({ 'web -> postgresql:shop': 80, 'web -> api': 80 });
    } finally {
      await resolver.stop();
    }
  });
});
