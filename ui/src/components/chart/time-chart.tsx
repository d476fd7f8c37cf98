import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssVar, useTheme } from '../../hooks/use-theme';
import { formatTime } from '../../lib/format';
import { columnSeries } from './column-paths';
import './chart.css';

export interface SeriesSpec {
  label: string;
  /** a CSS color or a CSS variable name (`--accent`) */
  color: string;
  fill?: boolean;
  /** dashed line, e.g. [6, 4] (thresholds) */
  dash?: number[];
  width?: number;
}

export interface TimeChartProps {
  /** columnar: [times in ms, ...one array per series] */
  data: (number | null)[][];
  series: SeriesSpec[];
  height?: number;
  /** formats y values for axis and legend, with the unit */
  format: (v: number) => string;
  /** [from, to] in ms: the x range even where no points are */
  xRange?: [number, number];
  /** called with a time range selected by dragging */
  onSelect?: (from: number, to: number) => void;
  ariaLabel: string;
}

/** the User Timing name of a chart update (setData until drawn) */
export const UPDATE_MEASURE = 'argus.chart.update';

const resolveColor = (c: string) => (c.startsWith('--') ? cssVar(c) : c);

/**
 * A uPlot time series chart: created once per series set and theme, updated in place with setData (no re-creation per
 * live tick), resized with its container.
 */
export function TimeChart({ data, series, height = 180, format, xRange, onSelect, ariaLabel }: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const updating = useRef<number | null>(null);
  const theme = useTheme();
  // the props the long-lived uPlot instance reads through callbacks; refreshed after each render, before the effects
  const latest = useRef({ data, series, format, xRange, onSelect });
  useLayoutEffect(() => {
    latest.current = { data, series, format, xRange, onSelect };
  });
  const seriesKey = series.map((s) => `${s.label}:${s.color}:${String(s.fill)}:${s.dash?.join(',') ?? ''}`).join('|');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const text = cssVar('--muted');
    const grid = cssVar('--grid');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
    // dense series (3,600 points on a few hundred pixels) drawn as pixel columns: cheap to rasterize
    const columns = latest.current.series.map(() => columnSeries());
    const opts: uPlot.Options = {
      width: Math.max(100, el.clientWidth),
      height,
      padding: [8, 8, 0, 0],
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: true, live: true },
      scales: {
        x: { time: true, range: (_u, min, max) => (latest.current.xRange?.map((v) => v / 1000) as [number, number]) ?? [min, max] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => formatTime(s * 1000, s * 1000, false)) },
        { ...axis, size: 64, values: (_u, splits) => splits.map((v) => latest.current.format(v)) },
      ],
      series: [
        { value: (_u, v) => (v === null ? '–' : formatTime(v * 1000)) },
        ...latest.current.series.map((s, i) => {
          const stroke = resolveColor(s.color);
          return {
            label: s.label,
            stroke,
            width: s.width ?? 1.5,
            dash: s.dash,
            fill: s.fill ? `${stroke}22` : undefined,
            points: { show: false },
            spanGaps: false,
            // dashed lines (thresholds) keep the stroked path
            paths: s.dash ? undefined : columns[i].paths,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : latest.current.format(v)),
          };
        }),
      ],
      hooks: {
        drawSeries: [(u, si) => columns[si - 1]?.draw(u, si)],
        // each live update timed from setData until drawn, as a User Timing measure (DevTools' Timings track, the
        // UI benchmark); cleared at once so an always-open dashboard does not grow the performance buffer
        draw: [
          (u) => {
            const t0 = updating.current;
            if (t0 === null) return;
            updating.current = null;
            performance.measure(UPDATE_MEASURE, { start: t0, detail: { points: u.data[0].length, series: u.series.length - 1 } });
            performance.clearMeasures(UPDATE_MEASURE);
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const a = u.posToVal(u.select.left, 'x') * 1000;
            const b = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            latest.current.onSelect?.(Math.round(a), Math.round(b));
          },
        ],
      },
    };
    const u = new uPlot(opts, toSeconds(latest.current.data), el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== u.width) u.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // re-created only when the series set (seriesKey), the height or the theme changes; data goes through setData
  }, [seriesKey, height, theme]);

  useEffect(() => {
    if (!plot.current) return;
    const u = plot.current;
    updating.current = performance.now();
    // drawn now rather than in uPlot's microtask: the User Timing measure holds this chart's work only
    u.batch(() => {
      u.setData(toSeconds(data));
    });
  }, [data]);

  return <div ref={box} className="time-chart" role="img" aria-label={ariaLabel} />;
}

/** x in seconds (uPlot's time scale) per x column in ms: charts sharing one time column convert it once */
const seconds = new WeakMap<(number | null)[], number[]>();

function toSeconds(data: (number | null)[][]): uPlot.AlignedData {
  if (data.length === 0) return [[]];
  const [t, ...rest] = data;
  let x = seconds.get(t);
  if (!x) {
    x = new Array<number>(t.length);
    for (let i = 0; i < t.length; i++) x[i] = (t[i] ?? 0) / 1000;
    seconds.set(t, x);
  }
  return [x, ...rest] as uPlot.AlignedData;
}
