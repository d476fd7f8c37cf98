// @vitest-environment happy-dom
import type uPlot from 'uplot';
import { describe, expect, it, vi } from 'vitest';
import { columnSeries, columnSpans, type ColumnSpans, type PlotBox } from './column-paths';

// 100 columns (x 0..99 -> pixels 10..110), rows 0 (y 100) to 50 (y 0) below a top margin of 5
const box: PlotBox = { left: 10, top: 5, width: 100, height: 50, xMin: 0, xMax: 100, yMin: 0, yMax: 100 };
const rowOf = (y: number) => Math.round(55 - y / 2);
const list = (s: ColumnSpans) => Array.from({ length: s.count }, (_, i) => [s.x[i], s.top[i], s.bottom[i]]);

describe('columnSpans', () => {
  it('a flat dense line: one span per column, one row high', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i / 10);
    const spans = columnSpans(
      xs,
      xs.map(() => 40),
      0,
      1000,
      box,
    );
    expect(spans.count).toBe(101);
    expect(list(spans).every(([, top, bottom]) => top === rowOf(40) && bottom === rowOf(40))).toBe(true);
    expect(spans.x[0]).toBe(10);
    expect(spans.x[100]).toBe(110);
  });

  it('a column spans the highest and lowest point in it and the join to the previous column', () => {
    // column 20 (x 10): values 10, 90, 50; column 21 (x 11): 60 only
    const spans = columnSpans([10, 10.1, 10.2, 11], [10, 90, 50, 60], 0, 3, box);
    expect(list(spans)).toEqual([
      [20, rowOf(90), rowOf(10)],
      [21, rowOf(60), rowOf(50)],
    ]);
  });

  it('null breaks the line (no join over the gap); undefined is skipped', () => {
    const gap = columnSpans([10, 11, 12, 13], [20, null, 80, 80], 0, 3, box);
    expect(list(gap)).toEqual([
      [20, rowOf(20), rowOf(20)],
      [22, rowOf(80), rowOf(80)],
      [23, rowOf(80), rowOf(80)],
    ]);
    const skip = columnSpans([10, 11, 12], [20, undefined, 80], 0, 2, box);
    expect(list(skip).map(([x]) => x)).toEqual([20, 21, 22]);
    // the skipped point's column is drawn as part of the segment from 20 to 80
    expect(skip.top[1]).toBeLessThan(skip.bottom[1]);
    expect(skip.top[2]).toBe(rowOf(80));
    expect(skip.bottom[2]).toBeGreaterThan(rowOf(80));
  });

  it('a segment over empty columns covers every column in between, without holes', () => {
    const spans = columnSpans([0, 40], [0, 100], 0, 1, box);
    expect(spans.count).toBe(41);
    for (let i = 1; i < spans.count; i++) {
      expect(spans.x[i]).toBe(spans.x[i - 1] + 1);
      // each column reaches the row where the previous one ended (rows go up as values rise)
      expect(spans.bottom[i]).toBeGreaterThanOrEqual(spans.top[i - 1] - 1);
    }
    expect(spans.bottom[0]).toBe(rowOf(0));
    expect(spans.top[40]).toBe(rowOf(100));
  });

  it('never more spans than columns, and reuses the buffer it is given', () => {
    const xs = Array.from({ length: 3600 }, (_, i) => (i / 3600) * 100);
    const ys = xs.map((_, i) => (i % 7) * 10);
    const a = columnSpans(xs, ys, 0, 3599, box);
    expect(a.count).toBeLessThanOrEqual(102);
    const b = columnSpans(xs, ys, 0, 3599, box, a);
    expect(b).toBe(a);
  });
});

/** the uPlot fields the column drawing reads, with a canvas context recording fillRect */
function fakePlot(n: number, value: (i: number) => number | null, fill?: string) {
  const rects: Array<{ style: string; x: number; y: number; w: number; h: number }> = [];
  const ctx = { fillStyle: '', fillRect: (x: number, y: number, w: number, h: number) => rects.push({ style: ctx.fillStyle, x, y, w, h }) };
  const xs = Array.from({ length: n }, (_, i) => (i / n) * 100);
  const u = {
    bbox: { left: 10, top: 5, width: 100, height: 50 },
    scales: { x: { min: 0, max: 100 }, y: { min: 0, max: 100 } },
    series: [{}, { scale: 'y', width: 1, stroke: () => '#123456', fill: () => fill ?? null }],
    data: [xs, xs.map((_, i) => value(i))],
    ctx,
  } as unknown as uPlot;
  return { u, rects };
}

describe('columnSeries', () => {
  it('dense: uPlot gets no paths, the drawSeries hook fills whole-pixel rectangles, a flat line as one', () => {
    const { u, rects } = fakePlot(3600, () => 50, '#12345622');
    const sparse = vi.fn();
    const cs = columnSeries(sparse);
    expect(cs.paths(u, 1, 0, 3599)).toBeNull();
    expect(sparse).not.toHaveBeenCalled();
    cs.draw(u, 1);
    // the area under the line, then the line: one rectangle each over the 101 columns (pixels 10 to 110)
    expect(rects).toEqual([
      { style: '#12345622', x: 10, y: rowOf(50), w: 101, h: 55 - rowOf(50) },
      { style: '#123456', x: 10, y: rowOf(50), w: 101, h: 1 },
    ]);
  });

  it('dense with a gap: nothing drawn in it; a zigzag covers each column from its lowest to its highest point', () => {
    const { u, rects } = fakePlot(3600, (i) => (i >= 1800 && i < 2160 ? null : (i % 2) * 100));
    const cs = columnSeries(vi.fn());
    cs.paths(u, 1, 0, 3599);
    cs.draw(u, 1);
    const covered = new Set(rects.flatMap((r) => Array.from({ length: r.w }, (_, k) => r.x + k)));
    for (let c = 61; c < 70; c++) expect(covered.has(c)).toBe(false);
    expect(covered.has(55)).toBe(true);
    expect(covered.has(75)).toBe(true);
    expect(rects.every((r) => r.y === rowOf(100) && r.y + r.h === rowOf(0) + 1)).toBe(true);
  });

  it('sparse (fewer points than pixels): drawn by the sparse builder, nothing by the hook', () => {
    const { u, rects } = fakePlot(50, () => 10);
    const paths = { stroke: null };
    const sparse = vi.fn(() => paths);
    const cs = columnSeries(sparse);
    expect(cs.paths(u, 1, 0, 49)).toBe(paths);
    cs.draw(u, 1);
    expect(rects).toEqual([]);
  });
});
