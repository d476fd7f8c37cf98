import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../../../testing/index.js';
import { randomHex as hex, skeletonSpan as span, startCollectorWithoutResolver } from '../../../testing/resolver-tests.js';
import { readSkeleton, writeSkeleton, type SkeletonSpan, type SpanSource } from '../../ingest/derive/skeleton.js';
import { createSpanFeed } from '../../ingest/span-feed.js';
import { loadAnalyticsConfig } from '../config.js';
import { isComplete, pack, unpack } from './packed.js';
import { createResolver } from './resolver.js';
import { addSpans, newTrace } from './traces.js';

const source = (spans: SkeletonSpan[], capped?: Map<string, string>): SpanSource => ({
  tenant: 'default',
  skeleton: writeSkeleton(spans),
  capped,
  insertedAt: 1234,
});
/** a span's fields as the resolver reads them, without its record reference */
const fields = ({ src: _s, at: _a, ...rest }: { src?: unknown; at?: unknown }) => rest;

describe('packed traces', () => {
  it('keeps a trace as records between batches and gives back the same spans, renamed endpoints included', () => {
    const t = hex(16);
    const root = span(t, 'web', 2, { endpoint: 'GET /raw' });
    const client = span(t, 'web', 3, { parentSpanId: root.spanId, serverAddress: 'api.internal', hasError: true, httpStatus: 503 });
    const later = span(t, 'api', 2, { parentSpanId: client.spanId, durationNs: 7.5e6 });
    const capped = new Map([['default\u0001web\u0001GET /raw', 'other']]);
    const x = newTrace('default', t, 0);
    addSpans(x, readSkeleton(source([root, client], capped)));
    addSpans(x, readSkeleton(source([later])));
    const before = [...x.spans.values()].map(fields);
    expect(before[0]).toMatchObject({ endpoint: 'other', insertedAt: 1234, parentSpanId: '0'.repeat(16) });
    const done = isComplete(x);

    pack(x);
    expect(x.spans.size).toBe(0);
    expect(x.packed?.sources).toHaveLength(2);
    expect(isComplete(x)).toBe(done);
    unpack(x);
    expect(x.packed).toBeUndefined();
    expect([...x.spans.values()].map(fields)).toEqual(before);
  });

  it('leaves a trace holding a span read back from storage (no record) as objects', () => {
    const t = hex(16);
    const x = newTrace('default', t, 0);
    addSpans(x, readSkeleton(source([span(t, 'web', 2)])));
    addSpans(x, [{ ...span(t, 'api', 2), insertedAt: 0 }]);
    pack(x);
    expect(x.packed).toBeUndefined();
    expect(x.spans.size).toBe(2);
  });
});

let c: TestCollector;
beforeAll(async () => {
  c = await startCollectorWithoutResolver();
}, 120_000);
afterAll(() => c?.destroy());

describe('the resolver with packed traces', () => {
  it('pairs a server span with its client span from an earlier batch, kept packed in between', async () => {
    const feed = createSpanFeed();
    const resolver = createResolver({ storage: c.deps.storage, config: loadAnalyticsConfig({}), log: pino({ level: 'silent' }), feed });
    const t = hex(16);
    const root = span(t, 'web', 2);
    const client = span(t, 'web', 3, { parentSpanId: root.spanId, serverAddress: 'api.internal' });
    const server = span(t, 'api', 2, { parentSpanId: client.spanId, endpoint: 'GET /items' });
    const deliver = async (scope: string, spans: SkeletonSpan[]) => {
      const done = feed.publish({
        scope,
        parts: [{ tenant: 'default', skeleton: writeSkeleton(spans) }],
        capped: new Map(),
        replayed: false,
      });
      await resolver.tick();
      await done;
    };
    await deliver('packed-1', [root, client]); // the client span waits for its server (grace period)
    await deliver('packed-2', [server]);
    const rows = await c.deps.storage.query<{ caller_endpoint: string; callee_service: string; callee_endpoint: string; n: string }>(
      `SELECT caller_endpoint, callee_service, callee_endpoint, toString(sum(calls)) AS n FROM edge_kpi_1s
       WHERE caller_service = 'web' GROUP BY caller_endpoint, callee_service, callee_endpoint`,
    );
    expect(rows).toEqual([{ caller_endpoint: 'GET /x', callee_service: 'api', callee_endpoint: 'GET /items', n: '1' }]);
    expect(resolver.stats.reloads).toBe(0);
    await resolver.stop();
  });
});
