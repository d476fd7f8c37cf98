import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDep, addNode, buildGraph, createGraph, serviceNode } from './graph.js';
import { incidentSubgraph } from './subgraph.js';

/** frontend -> orders -> inventory -> PostgreSQL (a postgres entity on host h1), and a bystander service on the same host */
const g = buildGraph({
  services: ['frontend', 'orders', 'inventory', 'reports'].map((name) => ({ name, type: 'service' })),
  edges: [
    { caller: 'frontend', callee: 'orders', calleeType: 'service' },
    { caller: 'orders', callee: 'inventory', calleeType: 'service' },
    { caller: 'reports', callee: 'inventory', calleeType: 'service' },
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
  instances: ['frontend', 'orders', 'inventory', 'reports'].map((service) => ({
    service,
    host: { id: 'h1', name: 'web-1' },
    process: { entityId: '' },
  })),
  entities: [
    { id: 'host:h1', type: 'host', name: 'web-1', parentId: null, hostEntityId: 'host:h1', attributes: {} },
    {
      id: 'postgres:h1:5432',
      type: 'postgres',
      name: 'postgres :5432',
      parentId: 'host:h1',
      hostEntityId: 'host:h1',
      attributes: { port: 5432 },
    },
  ],
});

describe('incidentSubgraph', () => {
  it('connects the trigger to the root cause through the components between them, and leaves bystanders out', () => {
    const sub = incidentSubgraph(g, [serviceNode('frontend')], [serviceNode('frontend'), 'postgres:h1:5432'], ['postgres:h1:5432']);
    const ids = sub.nodes.map((n) => n.id);
    expect(new Set(ids)).toEqual(
      new Set([
        serviceNode('frontend'),
        serviceNode('orders'),
        serviceNode('inventory'),
        serviceNode('postgresql:shop@127.0.0.1'),
        'postgres:h1:5432',
      ]),
    );
    expect(ids).not.toContain(serviceNode('reports'));
    expect(sub.edges).toEqual(
      expect.arrayContaining([
        [serviceNode('frontend'), serviceNode('orders')],
        [serviceNode('orders'), serviceNode('inventory')],
        [serviceNode('inventory'), serviceNode('postgresql:shop@127.0.0.1')],
        [serviceNode('postgresql:shop@127.0.0.1'), 'postgres:h1:5432'],
      ]),
    );
    expect(sub.nodes.find((n) => n.id === 'postgres:h1:5432')).toMatchObject({
      kind: 'entity',
      entityType: 'postgres',
      entityId: 'postgres:h1:5432',
    });
  });

  it('keeps every edge between kept nodes (the host both services run on)', () => {
    const sub = incidentSubgraph(g, [serviceNode('frontend')], [serviceNode('frontend'), serviceNode('orders')], ['host:h1']);
    expect(sub.edges).toEqual(expect.arrayContaining([[serviceNode('frontend'), 'host:h1']]));
    expect(sub.edges).toEqual(expect.arrayContaining([[serviceNode('orders'), 'host:h1']]));
  });

  it('never exceeds the node cap, keeps the triggers and the root cause, and has no dangling edge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 80 }),
        fc.array(fc.tuple(fc.nat(79), fc.nat(79)), { maxLength: 300 }),
        fc.integer({ min: 3, max: 20 }),
        (n, deps, cap) => {
          const rg = createGraph();
          for (let i = 0; i < n; i++) addNode(rg, { id: `s${i}`, kind: 'service', name: `s${i}` });
          for (const [a, b] of deps) if (a < n && b < n) addDep(rg, `s${a}`, `s${b}`);
          const root = `s${n - 1}`;
          const sub = incidentSubgraph(rg, ['s0'], [`s${Math.floor(n / 2)}`], [root, 's1'], cap);
          const ids = new Set(sub.nodes.map((x) => x.id));
          expect(ids.size).toBeLessThanOrEqual(cap);
          expect(ids.has('s0') && ids.has(root)).toBe(true);
          for (const [a, b] of sub.edges) expect(ids.has(a) && ids.has(b) && rg.deps.get(a)?.has(b)).toBe(true);
        },
      ),
    );
  });
});
