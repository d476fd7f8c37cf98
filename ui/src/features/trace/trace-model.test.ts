import type { WaterfallResponse } from '@argus/api';
import { describe, expect, it } from 'vitest';
import { buildTraceModel, descendants, groupDigits, visibleRows, type TraceModel } from './trace-model';

interface S {
  id: string;
  parent: string;
  startMs: number;
  durMs: number;
  error?: boolean;
  service?: string;
}
const s = (id: string, parent: string, startMs: number, durMs: number, extra: Partial<S> = {}): S => ({
  id,
  parent,
  startMs,
  durMs,
  ...extra,
});

/** The API's waterfall answer for these spans (in the order given; the API orders by start). */
function waterfall(spans: S[]): WaterfallResponse {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const intern = (x: string) => ids.get(x) ?? (ids.set(x, strings.length), strings.push(x) - 1);
  const t0 = Math.min(...spans.map((x) => x.startMs));
  const idx = new Map(spans.map((x, i) => [x.id, i]));
  return {
    traceId: 'a'.repeat(32),
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(t0 * 1e6)),
    durationMs: Math.max(...spans.map((x) => x.startMs + x.durMs)) - t0,
    count: spans.length,
    errors: spans.filter((x) => x.error).length,
    services: [...new Set(spans.map((x) => x.service ?? 'svc'))],
    rootEndpoint: '',
    strings,
    spans: {
      spanId: spans.map((x) => x.id.padStart(16, '0')),
      parent: spans.map((x) => idx.get(x.parent) ?? -1),
      service: spans.map((x) => intern(x.service ?? 'svc')),
      name: spans.map((x) => intern(`op-${x.id}`)),
      kind: spans.map(() => 2),
      offsetNs: spans.map((x) => (x.startMs - t0) * 1e6),
      durationNs: spans.map((x) => x.durMs * 1e6),
      status: spans.map((x) => (x.error ? 2 : 0)),
      error: spans.map((x) => (x.error ? 1 : 0)),
    },
  };
}

const names = (m: TraceModel, rows: ArrayLike<number>) => Array.from(rows, (i) => m.name[i]);
const at = (m: TraceModel, name: string) => m.name.indexOf(name);
const critical = (m: TraceModel, i: number) =>
  Array.from({ length: m.cpTo[i] - m.cpFrom[i] }, (_, k) => [m.cpA[m.cpFrom[i] + k], m.cpB[m.cpFrom[i] + k]]);

describe('trace model', () => {
  // root 0-100; a 10-40 (its child c 15-35), b 30-90 (overlaps a); in start order as the API answers
  const m = buildTraceModel(
    waterfall([s('1', '', 0, 100), s('2', '1', 10, 30), s('4', '2', 15, 20), s('3', '1', 30, 60, { error: true })]),
  );

  it('orders depth first by start time and knows depths', () => {
    expect(names(m, m.order)).toEqual(['op-1', 'op-2', 'op-4', 'op-3']);
    expect(Array.from(m.order, (i) => m.depth[i])).toEqual([0, 1, 2, 1]);
    expect(m.traceMs).toBe(100);
    expect(descendants(m, at(m, 'op-1'))).toBe(3);
    expect(descendants(m, at(m, 'op-2'))).toBe(1);
  });

  it('self time subtracts the union of children (overlaps counted once)', () => {
    expect(m.selfMs[at(m, 'op-1')]).toBeCloseTo(100 - 80); // children cover 10..90
    expect(m.selfMs[at(m, 'op-2')]).toBeCloseTo(10);
    expect(m.selfMs[at(m, 'op-4')]).toBeCloseTo(20);
  });

  it('critical path: the last-finishing child, then back in time', () => {
    expect(critical(m, at(m, 'op-1'))).toEqual([
      [0, 10],
      [90, 100],
    ]);
    expect(critical(m, at(m, 'op-3'))).toEqual([[30, 90]]);
    // op-2 (10-40) is on the path only until op-3 (30-90) takes over at 30: 10-15 itself, 15-30 waiting on op-4 (until 35)
    expect(critical(m, at(m, 'op-2'))).toEqual([[10, 15]]);
    expect(critical(m, at(m, 'op-4'))).toEqual([[15, 30]]);
    expect(m.criticalMs).toBeCloseTo(100);
  });

  it('errors are listed in tree order; collapsing hides a subtree', () => {
    expect(names(m, m.errors)).toEqual(['op-3']);
    expect(names(m, visibleRows(m, new Set([at(m, 'op-2')])))).toEqual(['op-1', 'op-2', 'op-3']);
    expect(names(m, visibleRows(m, new Set([at(m, 'op-1')])))).toEqual(['op-1']);
    expect(m.indexOf('0'.repeat(15) + '3')).toBe(at(m, 'op-3'));
  });

  it('spans not in start order are ordered all the same', () => {
    const u = buildTraceModel(
      waterfall([s('1', '', 0, 100), s('3', '1', 30, 60, { error: true }), s('2', '1', 10, 30), s('4', '2', 15, 20)]),
    );
    expect(names(u, u.order)).toEqual(['op-1', 'op-2', 'op-4', 'op-3']);
    expect(critical(u, at(u, 'op-2'))).toEqual([[10, 15]]);
    expect(u.criticalMs).toBeCloseTo(100);
  });

  it('a span whose parent is missing becomes a root; parent cycles do not hang', () => {
    const orphan = buildTraceModel(waterfall([s('1', '', 0, 10), s('2', '9', 5, 2)]));
    expect(orphan.roots).toBe(2);
    expect(orphan.order).toHaveLength(2);
    const cyc = buildTraceModel(waterfall([s('1', '2', 0, 10), s('2', '1', 1, 5)]));
    expect(cyc.order.length).toBeLessThanOrEqual(2);
  });

  it('counts are grouped by thousands', () => {
    expect([0, 999, 1000, 10_000, 1_234_567].map(groupDigits)).toEqual(['0', '999', '1,000', '10,000', '1,234,567']);
  });

  it('services in tree order of first appearance', () => {
    const t = buildTraceModel(
      waterfall([s('1', '', 0, 10, { service: 'a' }), s('2', '', 1, 1, { service: 'b' }), s('3', '1', 2, 1, { service: 'c' })]),
    );
    expect(t.services).toEqual(['a', 'c', 'b']);
  });

  it('a 20,000-span chain (depth 19,999) without recursion', () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => s(String(i + 1), i ? String(i) : '', i, 20_000 - i));
    const c = buildTraceModel(waterfall(chain));
    expect(c.depth[c.order[19_999]]).toBe(19_999);
    expect(descendants(c, 0)).toBe(19_999);
    expect(visibleRows(c, new Set([1]))).toHaveLength(2);
  });

  it('builds a 10,000-span trace (every span placed, one critical path end to end)', () => {
    const many = [s('1', '', 0, 10_000)];
    for (let i = 2; i <= 10_000; i++) many.push(s(String(i), String(Math.max(1, Math.floor(i / 4))), i % 9_000, 50 + (i % 700)));
    many.sort((a, b) => a.startMs - b.startMs);
    const big = buildTraceModel(waterfall(many));
    expect(big.order).toHaveLength(10_000);
    expect(new Set(big.order).size).toBe(10_000);
    expect(big.criticalMs).toBeCloseTo(10_000);
    expect(descendants(big, at(big, 'op-1'))).toBe(9_999);
  });
});
