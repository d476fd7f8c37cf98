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
    );
    expect(t.tree.map((n) => n.spanId)).toEqual(['x', 'a']);
    const a = t.tree[1];
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
  });
});
