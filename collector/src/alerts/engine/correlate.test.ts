import { describe, expect, it } from 'vitest';
import type { Storage } from '../../storage/storage.js';
import type { ReadSide } from '../signals/read-side.js';
import type { EngineContext } from './context.js';
import { createCorrelator } from './correlate.js';
import type { EventStore } from './event-store.js';

/** an engine context whose read side counts the graph reads (edges) and answers one edge frontend -> orders */
function countingContext() {
  const calls = { edges: 0 };
  const kpis = { calls: 10, errors: 0, errorRate: 0, callsPerSecond: 1, meanMs: 1, p50Ms: 1, p90Ms: 1, p99Ms: 1 };
  const readSide = {
    edges: () => {
      calls.edges++;
      return Promise.resolve([{ caller: 'frontend', callee: 'orders', calleeType: 'service', kpis }]);
    },
    instances: () => Promise.resolve([]),
    entities: () => Promise.resolve([]),
    exampleTraces: () => Promise.resolve([]),
  } as unknown as ReadSide;
  const ctx = {
    tenant: 't',
    readSide,
    storage: { query: () => Promise.resolve([]) } as unknown as Storage,
    events: { list: () => Promise.resolve([]) } as unknown as EventStore,
    current: new Map([
      ['frontend', { kpis, type: 'service' }],
      ['orders', { kpis, type: 'service' }],
    ]),
    baselines: new Map(),
    issues: { open: new Map() },
  } as unknown as EngineContext;
  return { ctx, calls };
}

describe('incident correlation: graph reads warmed while a trigger is pending', () => {
  it("an incident's first correlation uses the reads warmed just before; later ones read anew", async () => {
    const { ctx, calls } = countingContext();
    const c = createCorrelator(ctx);
    const now = Date.now();
    c.warm('t', now);
    c.warm('t', now + 10); // at most once a second
    expect(calls.edges).toBe(1);
    const first = await c.correlate('t', ['service:frontend'], now);
    expect(calls.edges).toBe(1);
    expect(first.graph.nodes.map((n) => n.id)).toContain('service:frontend');
    // a re-correlation of an incident that opened earlier than the warm reads' freshness reads the graph again
    await c.correlate('t', ['service:frontend'], now - 60_000);
    expect(calls.edges).toBe(2);
  });

  it('without a warm read, or with a stale one, the correlation reads the graph itself', async () => {
    const { ctx, calls } = countingContext();
    const c = createCorrelator(ctx);
    await c.correlate('t', ['service:frontend'], Date.now());
    expect(calls.edges).toBe(1);
    c.warm('t', Date.now() - 10_000);
    await c.correlate('t', ['service:frontend'], Date.now());
    expect(calls.edges).toBe(3);
  });
});
