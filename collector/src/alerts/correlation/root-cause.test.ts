import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, type GraphInputs } from './graph.js';
import { rankRootCauses, type Anomaly, type Change } from './root-cause.js';

const NOW = 1_800_000_000_000;
/** frontend -> orders -> inventory -> PostgreSQL on one host; every service in its own Node.js process */
const world: GraphInputs = {
  services: [
    { name: 'frontend', type: 'service' },
    { name: 'orders', type: 'service' },
    { name: 'inventory', type: 'service' },
  ],
  edges: [
    { caller: 'frontend', callee: 'orders', calleeType: 'service' },
    { caller: 'orders', callee: 'inventory', calleeType: 'service' },
  ],
  downstream: [
    {
      caller: 'inventory',
      target: 'postgresql:shop@127.0.0.1',
      targetType: 'database',
      serverAddress: '127.0.0.1',
      serverPort: 5432,
      dbSystem: 'postgresql',
    },
  ],
  instances: ['frontend', 'orders', 'inventory'].map((s, i) => ({
    service: s,
    host: { id: 'h1', name: 'web-1' },
    process: { entityId: `nodejs:h1:${10 + i}` },
  })),
  entities: [
    { id: 'host:h1', type: 'host', name: 'web-1', parentId: null, hostEntityId: 'host:h1', attributes: {} },
    ...[10, 11, 12].flatMap((pid) => [
      {
        id: `nodejs:h1:${pid}`,
        type: 'nodejs',
        name: `svc ${pid}`,
        parentId: `process:h1:${pid}`,
        hostEntityId: 'host:h1',
        attributes: {},
      },
      { id: `process:h1:${pid}`, type: 'process', name: 'node', parentId: 'host:h1', hostEntityId: 'host:h1', attributes: {} },
    ]),
    {
      id: 'postgres:h1:5432',
      type: 'postgres',
      name: 'postgres :5432',
      parentId: 'process:h1:99',
      hostEntityId: 'host:h1',
      attributes: { port: 5432 },
    },
    { id: 'process:h1:99', type: 'process', name: 'postgres', parentId: 'host:h1', hostEntityId: 'host:h1', attributes: {} },
  ],
};
const g = buildGraph(world);
const a = (nodeId: string, kind: string, severity: Anomaly['severity'] = 'critical'): Anomaly => ({
  nodeId,
  kind,
  severity,
  since: NOW - 10_000,
  summary: kind,
});
const top = (anomalies: Anomaly[], changes: Change[] = []) => rankRootCauses(g, ['service:frontend'], anomalies, changes, NOW)[0]?.node.id;

describe('root cause ranking', () => {
  it('links the database target to its technology entity by port on the caller host', () => {
    expect([...(g.deps.get('service:postgresql:shop@127.0.0.1') ?? [])]).toEqual(['postgres:h1:5432']);
    expect([...(g.deps.get('service:inventory') ?? [])].sort()).toEqual(['nodejs:h1:12', 'service:postgresql:shop@127.0.0.1']);
  });

  it('names the most downstream failing service', () => {
    expect(top([a('service:frontend', 'errors'), a('service:orders', 'errors'), a('service:inventory', 'errors')])).toBe(
      'service:inventory',
    );
    expect(top([a('service:frontend', 'latency'), a('service:orders', 'latency')])).toBe('service:orders');
  });

  it('names the database entity when it is gone and its callers fail', () => {
    const anomalies = [
      a('service:frontend', 'errors'),
      a('service:inventory', 'errors'),
      a('service:postgresql:shop@127.0.0.1', 'errors'),
      a('process:h1:99', 'offline'),
    ];
    expect(top(anomalies)).toBe('postgres:h1:5432');
  });

  it('names the host when it is saturated under every slow service', () => {
    expect(
      top([a('service:frontend', 'latency'), a('service:orders', 'latency'), a('service:inventory', 'latency'), a('host:h1', 'cpu')]),
    ).toBe('host:h1');
  });

  it('does not blame a saturated host for failures, nor for slowness when it was saturated long before', () => {
    const failing = [a('service:frontend', 'errors'), a('service:orders', 'errors'), a('service:inventory', 'errors'), a('host:h1', 'cpu')];
    expect(top(failing)).toBe('service:inventory');
    const longBusy = { ...a('host:h1', 'cpu'), since: NOW - 10 * 60_000 };
    const slow = [a('service:frontend', 'latency'), a('service:orders', 'latency'), a('service:inventory', 'latency')];
    expect(rankRootCauses(g, ['service:frontend'], [...slow, longBusy], [], NOW, NOW - 20_000)[0]?.node.id).toBe('service:inventory');
    // once the services recovered (the triggers still open, no anomaly left), the long-busy host explains nothing
    expect(rankRootCauses(g, ['service:frontend'], [longBusy], [], NOW, NOW - 20_000).map((r) => r.node.id)).toEqual(['service:frontend']);
    // the same saturation beginning with the incident (a second before its trigger was detected) is the cause
    const busyWith = { ...a('host:h1', 'cpu'), since: NOW - 21_000 };
    expect(rankRootCauses(g, ['service:frontend'], [...slow, busyWith], [], NOW, NOW - 20_000)[0]?.node.id).toBe('host:h1');
    // a saturation that began well after the incident (other work on the host) did not cause it
    const lateBusy = { ...a('host:h1', 'cpu'), since: NOW };
    expect(rankRootCauses(g, ['service:frontend'], [...slow, lateBusy], [], NOW, NOW - 60_000)[0]?.node.id).toBe('service:inventory');
    // ... nor one that began 20 s after it (a build on the host: on a refresh of a bad deploy's incident, once the
    // errors' trigger had recovered and only the slowness it caused was left, it took the root cause over)
    const busyAfter20 = { ...a('host:h1', 'cpu'), since: NOW - 40_000 };
    expect(rankRootCauses(g, ['service:frontend'], [...slow, busyAfter20], [], NOW, NOW - 60_000)[0]?.node.id).toBe('service:inventory');
    // ... nor one that began 5 s after it (a build on the host; on a refresh once the slow inventory had recovered it
    // was the only anomaly left beside the frontend's own)
    const busyAfter5 = { ...a('host:h1', 'cpu'), since: NOW - 15_000 };
    const frontendSlow = [a('service:frontend', 'latency')];
    expect(rankRootCauses(g, ['service:frontend'], [...frontendSlow, busyAfter5], [], NOW, NOW - 20_000)[0]?.node.id).toBe(
      'service:frontend',
    );
    // ... while one that began 2 s after the trigger was detected is within the sampling slack
    const busyAfter2 = { ...a('host:h1', 'cpu'), since: NOW - 18_000 };
    expect(rankRootCauses(g, ['service:frontend'], [...frontendSlow, busyAfter2], [], NOW, NOW - 20_000)[0]?.node.id).toBe('host:h1');
  });

  it('does not blame a component for the calls it no longer receives (its callers fail)', () => {
    const anomalies = [a('service:frontend', 'errors'), a('service:orders', 'errors'), a('service:inventory', 'throughput', 'warning')];
    expect(top(anomalies)).toBe('service:orders');
  });

  it('does not blame a somewhat slower component for the failures of its callers', () => {
    const deploy: Change = { nodeId: 'service:orders', kind: 'deployment', at: NOW - 60_000, summary: 'Deployment of orders 2.0.0' };
    const anomalies = [a('service:frontend', 'errors'), a('service:orders', 'errors'), a('service:inventory', 'latency', 'warning')];
    expect(rankRootCauses(g, ['service:frontend'], anomalies, [deploy], NOW)[0].node.id).toBe('service:orders');
  });

  it('names a service deployed just before its callers failed, also while it shows nothing itself (restarting)', () => {
    const deploy: Change = { nodeId: 'service:orders', kind: 'deployment', at: NOW - 60_000, summary: 'Deployment of orders 2.0.0' };
    const r = rankRootCauses(g, ['service:frontend'], [a('service:frontend', 'errors')], [deploy], NOW);
    expect(r[0].node.id).toBe('service:orders');
    expect(r[0].changes).toEqual([deploy]);
  });

  it('puts a recently changed component first among equals', () => {
    const deploy: Change = { nodeId: 'service:orders', kind: 'deployment', at: NOW - 60_000, summary: 'Deployment of orders 2.0.0' };
    const r = rankRootCauses(g, ['service:frontend'], [a('service:frontend', 'errors'), a('service:orders', 'errors')], [deploy], NOW);
    expect(r[0].node.id).toBe('service:orders');
    expect(r[0].changes).toEqual([deploy]);
  });

  it('always names a component the triggers depend on, and one that is anomalous', () => {
    const nodes = [...g.nodes.keys()];
    fc.assert(
      fc.property(fc.subarray(nodes, { minLength: 0 }), (picked) => {
        const ranked = rankRootCauses(
          g,
          ['service:frontend'],
          picked.map((n) => a(n, 'errors')),
          [],
          NOW,
        );
        expect(ranked.length).toBeGreaterThan(0);
        for (const r of ranked) expect(r.explains).toContain('service:frontend');
      }),
    );
  });
});
