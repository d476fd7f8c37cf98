import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../api/types';
import { buildTraceModel, visibleRows } from './trace-model';

const T0 = 1_700_000_000_000_000_000n;
function span(id: string, parent: string, startMs: number, durMs: number, extra: Partial<TraceSpan> = {}): TraceSpan {
  return {
    traceId: 'a'.repeat(32),
    spanId: id.padStart(16, '0'),
    parentSpanId: parent ? parent.padStart(16, '0') : '',
    traceState: '',
    flags: 0,
    name: `op-${id}`,
    kind: 2,
    kindName: 'server',
    startTimeUnixNano: String(T0 + BigInt(startMs * 1e6)),
    endTimeUnixNano: String(T0 + BigInt((startMs + durMs) * 1e6)),
    durationNs: durMs * 1e6,
    status: { code: 0, message: '' },
    hasError: false,
    service: 'svc',
    scope: { name: '', version: '' },
    resource: {},
    attributes: {},
    promoted: {},
    infrastructure: { hostName: '', entityId: '', processPid: 0, containerId: '', k8sPodUid: '' },
    events: [],
    links: [],
    endpoint: '',
    entities: {},
    offsetMs: startMs,
    depth: 0,
    childSpanIds: [],
    ...extra,
  };
}

describe('trace model', () => {
  // root 0-100; a 10-40 (its child c 15-35), b 30-90 (overlaps a)
  const spans = [span('1', '', 0, 100), span('3', '1', 30, 60, { hasError: true }), span('2', '1', 10, 30), span('4', '2', 15, 20)];
  const m = buildTraceModel(spans);

  it('orders depth first by start time and knows depths', () => {
    expect(m.order.map((w) => w.span.name)).toEqual(['op-1', 'op-2', 'op-4', 'op-3']);
    expect(m.order.map((w) => w.depth)).toEqual([0, 1, 2, 1]);
    expect(m.durationMs).toBe(100);
  });

  it('self time subtracts the union of children (overlaps counted once)', () => {
    const byName = (n: string) => m.order.find((w) => w.span.name === n)!;
    expect(byName('op-1').selfMs).toBeCloseTo(100 - 80); // children cover 10..90
    expect(byName('op-2').selfMs).toBeCloseTo(10);
    expect(byName('op-4').selfMs).toBeCloseTo(20);
  });

  it('critical path: the last-finishing child, then back in time', () => {
    const byName = (n: string) => m.order.find((w) => w.span.name === n)!;
    expect(byName('op-1').critical).toEqual([
      [0, 10],
      [90, 100],
    ]);
    expect(byName('op-3').critical).toEqual([[30, 90]]);
    // op-2 (10-40) is on the path only until op-3 (30-90) takes over at 30: 10-15 itself, 15-30 waiting on op-4 (until 35)
    expect(byName('op-2').critical).toEqual([[10, 15]]);
    expect(byName('op-4').critical).toEqual([[15, 30]]);
    expect(m.criticalMs).toBeCloseTo(100);
  });

  it('errors are listed in tree order; collapsing hides a subtree', () => {
    expect(m.errors.map((w) => w.span.name)).toEqual(['op-3']);
    const rows = visibleRows(m, new Set([spans[2].spanId]));
    expect(rows.map((w) => w.span.name)).toEqual(['op-1', 'op-2', 'op-3']);
  });

  it('a span whose parent is missing becomes a root; parent cycles do not hang', () => {
    const orphan = buildTraceModel([span('1', '', 0, 10), span('2', '9', 5, 2)]);
    expect(orphan.roots).toHaveLength(2);
    const cyc = buildTraceModel([span('1', '2', 0, 10), span('2', '1', 1, 5)]);
    expect(cyc.order.length).toBeLessThanOrEqual(2);
  });

  it('builds a 10,000-span trace (every span placed, one critical path end to end)', () => {
    const many = [span('1', '', 0, 10_000)];
    for (let i = 2; i <= 10_000; i++) many.push(span(String(i), String(Math.max(1, Math.floor(i / 4))), i % 9_000, 50 + (i % 700)));
    const big = buildTraceModel(many);
    expect(big.order).toHaveLength(10_000);
    expect(big.criticalMs).toBeCloseTo(10_000);
  });
});
