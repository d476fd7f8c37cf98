import { describe, expect, it } from 'vitest';
import { arrowOf, cubic, edgeHits, nearestEdge, pathOf } from './edge-geometry';

describe('edge geometry', () => {
  it('a left-to-right curve leaves and enters horizontally; its arrowhead ends where the curve does, sized by the width', () => {
    const c = cubic(0, 0, 200, 100, 'LR');
    expect(c).toEqual([0, 0, 100, 0, 100, 100, 200, 100]);
    expect(pathOf(c)).toBe('M0,0C100,0 100,100 200,100');
    expect(arrowOf(c, 'LR', 1)).toBe('M193,96.5L200,100L193,103.5Z');
    expect(arrowOf(c, 'LR', 2)).toBe('M186,93L200,100L186,107Z');
    expect(arrowOf(cubic(0, 0, 0, 80, 'TB'), 'TB', 1)).toBe('M-3.5,73L0,80L3.5,73Z');
  });

  it('finds the curve under the pointer within the tolerance, the nearest of two, none elsewhere', () => {
    const curves = [cubic(0, 0, 200, 0, 'LR'), cubic(0, 50, 200, 50, 'LR'), cubic(0, 0, 200, 200, 'LR')];
    const h = edgeHits(curves);
    expect(nearestEdge(h, 100, 2, 6)).toBe(0);
    expect(nearestEdge(h, 100, 47, 6)).toBe(1);
    // the S curve passes through its middle (100, 100)
    expect(nearestEdge(h, 101, 100, 6)).toBe(2);
    expect(nearestEdge(h, 100, 25, 6)).toBe(-1);
    expect(nearestEdge(h, 300, 0, 6)).toBe(-1);
    // a wider tolerance (zoomed out) reaches further
    expect(nearestEdge(h, 100, 20, 30)).toBe(0);
  });
});
