import { describe, expect, it } from 'vitest';
import type { Span } from '@argus/api';
import { buildTree } from './trace-tree.js';

const span = (spanId: string, parentSpanId: string, startMs: number, durMs: number, service: string, extra: Partial<Span> = {}): Span =>
  ({
    traceId: 't',
    spanId,
    parentSpanId,
    name: `op-${spanId}`,
    service,
    hasError: false,
    startTimeUnixNano: String(BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(BigInt(startMs + durMs) * 1_000_000n),
    resource: { 'host.id': `m-${service}` },
    infrastructure: { hostName: 'h', entityId: `nodejs:${service}`, processPid: 1, containerId: '', k8sPodUid: '' },
    ...extra,
  }) as Span;

describe('buildTree', () => {
  it('nests spans by parent, ordered by start, with endpoints, entities, offsets and depth', () => {
    const spans = [
      span('a', '', 1000, 100, 'web'),
      span('c', 'a', 1050, 10, 'web'),
      span('b', 'a', 1010, 20, 'web', { hasError: true }),
      span('d', 'b', 1011, 5, 'api', {
        infrastructure: { hostName: 'h2', entityId: '', processPid: 2, containerId: 'abc', k8sPodUid: '' },
      }),
      span('x', 'missing-parent', 900, 5, 'lost'),
    ];
    const t = buildTree(
      spans,
      new Map([
        ['a', 'GET /'],
        ['d', 'GET /items/:id'],
      ]),
      { tree: true },
    );
    const tree = t.tree!;
    expect(tree.map((n) => n.spanId)).toEqual(['x', 'a']);
    const a = tree[1];
    expect(a.endpoint).toBe('GET /');
    expect(a.children.map((n) => n.spanId)).toEqual(['b', 'c']);
    const d = a.children[0].children[0];
    expect(d).toMatchObject({
      spanId: 'd',
      depth: 2,
      endpoint: 'GET /items/:id',
      offsetMs: 111,
      entities: { host: 'host:m-api', container: 'container:abc' },
    });
    expect(d.entities.process).toBeUndefined();
    expect(t.spans.find((s) => s.spanId === 'a')!.childSpanIds).toEqual(['b', 'c']);
    expect(t).toMatchObject({ durationMs: 200, errors: 1, services: ['web', 'api', 'lost'] });
    expect(t.spans.find((s) => s.spanId === 'c')!.endpoint).toBe('op-c');
    expect(t.spans.map((s) => [s.spanId, s.depth])).toEqual([
      ['a', 0],
      ['c', 1],
      ['b', 1],
      ['d', 2],
      ['x', 0],
    ]);
  });

  it('answers the flat list only unless the tree is asked for', () => {
    const t = buildTree([span('a', '', 1000, 10, 'web'), span('b', 'a', 1001, 5, 'web')], new Map());
    expect(t.tree).toBeUndefined();
    expect(t.spans.map((s) => [s.spanId, s.depth, s.childSpanIds])).toEqual([
      ['a', 0, ['b']],
      ['b', 1, []],
    ]);
  });

  it('counts a span stored twice once, and leaves a parent cycle out of the tree without failing', () => {
    const spans = [
      span('a', '', 1000, 10, 'web'),
      span('a', '', 1000, 10, 'web', { name: 'again' }),
      span('p', 'q', 1002, 1, 'web'),
      span('q', 'p', 1003, 1, 'web'),
    ];
    const t = buildTree(spans, new Map(), { tree: true });
    expect(t.spans.map((s) => s.spanId)).toEqual(['a', 'p', 'q']);
    expect(t.spans[0].name).toBe('again');
    expect(t.tree!.map((n) => n.spanId)).toEqual(['a']);
    expect(t.spans.find((s) => s.spanId === 'p')!.childSpanIds).toEqual(['q']);
  });

  it('handles a 20,000-span chain (depth 19,999) without recursion', () => {
    const spans = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : '', 1000 + i, 1, 'deep'));
    const t = buildTree(spans, new Map(), { tree: true });
    expect(t.spans[19_999].depth).toBe(19_999);
    expect(t.tree).toHaveLength(1);
  });
});
