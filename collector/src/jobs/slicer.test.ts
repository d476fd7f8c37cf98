import { describe, expect, it } from 'vitest';
import { createSlicer } from './slicer.js';

const items = Array.from({ length: 100 }, (_, i) => i);

describe('slicer', () => {
  it('maps and visits every item in order, whatever the budget', async () => {
    for (const budget of [-1, 1e9]) {
      const s = createSlicer(budget);
      expect(await s.map(items, (x, i) => x * 2 + i)).toEqual(items.map((x) => x * 3));
      const seen: number[] = [];
      await s.each(new Set(items), (x) => seen.push(x));
      expect(seen).toEqual(items);
    }
  });

  it('gives the event loop turns once the budget is spent: other callbacks run between items', async () => {
    const s = createSlicer(-1); // always spent
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    await s.map(items, (x) => order.push(`item ${x}`));
    expect(s.turns).toBe(6); // a clock read every 16 items: after items 16, 32, ... 96
    // the other callback ran after the first 16 items, long before the last
    expect(order.indexOf('other')).toBe(16);
    expect(await s.pause()).toBeUndefined();
    expect(s.turns).toBe(7);
  });

  it('runs a loop in one stretch while the budget lasts', async () => {
    const s = createSlicer(1e9);
    const order: string[] = [];
    setImmediate(() => order.push('other'));
    await s.each(items, (x) => order.push(`item ${x}`));
    expect(order.indexOf('other')).toBe(-1);
    expect(s.pause()).toBeUndefined();
    expect(s.turns).toBe(0);
  });
});
