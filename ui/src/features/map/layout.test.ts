import { describe, expect, it } from 'vitest';
import { dagreLayout } from './layout';

const node = (id: string) => ({ id, width: 100, height: 40 });

describe('dagreLayout', () => {
  it('places a graph without edges (a one-node incident graph) at the margin, with no empty band above it', () => {
    for (const direction of ['LR', 'TB'] as const) {
      const r = dagreLayout({ nodes: [node('a')], edges: [], direction });
      expect(r.positions.a).toEqual({ x: 10, y: 10 });
      expect(r.height).toBe(50);
      expect(r.width).toBe(110);
    }
  });

  it('puts unconnected nodes below the layered part (LR) or beside it (TB)', () => {
    const input = { nodes: [node('a'), node('b'), node('lone')], edges: [{ source: 'a', target: 'b' }] };
    const lr = dagreLayout({ ...input, direction: 'LR' });
    const layeredBottom = Math.max(lr.positions.a.y, lr.positions.b.y) + 40;
    expect(lr.positions.lone.y).toBeGreaterThanOrEqual(layeredBottom + 60);
    expect(lr.positions.b.x).toBeGreaterThan(lr.positions.a.x);
    const tb = dagreLayout({ ...input, direction: 'TB' });
    const layeredRight = Math.max(tb.positions.a.x, tb.positions.b.x) + 100;
    expect(tb.positions.lone.x).toBeGreaterThanOrEqual(layeredRight + 80);
    expect(tb.positions.b.y).toBeGreaterThan(tb.positions.a.y);
  });
});
