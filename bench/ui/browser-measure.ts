/** Measurements inside headless Chromium (playwright-core) against the collector's UI and API. */
import type { Browser, Page } from 'playwright-core';
import { breakdown, traced, type TraceEvent } from './cdp-trace.js';

export async function newPage(browser: Browser, token: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx (esbuild keepNames) wraps named functions of the evaluated callbacks in __name(): give the page one
  await ctx.addInitScript({ content: 'window.__name = (f) => f;' });
  await ctx.addInitScript((t) => {
    localStorage.setItem('argus.adminToken', t);
    localStorage.setItem('argus.theme', 'light');
  }, token);
  return ctx.newPage();
}

/** ms from navigation start until `selector` matches at least `count` elements and two frames were painted after it. */
export async function until(page: Page, selector: string, count: number, timeoutMs = 120_000): Promise<number> {
  return page.evaluate(
    ({ selector, count, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const t0 = performance.now();
        const tick = () => {
          if (document.querySelectorAll(selector).length >= count) {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
            return;
          }
          if (performance.now() - t0 > timeoutMs) reject(new Error(`timeout waiting for ${count} x ${selector}`));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    { selector, count, timeoutMs },
  );
}

/** When the response of an API path ended, ms from navigation start (Resource Timing). */
async function responseEnd(page: Page, path: string): Promise<number> {
  return page.evaluate((p) => {
    const e = performance.getEntriesByType('resource').filter((r) => r.name.includes(p)) as PerformanceResourceTiming[];
    return e.length ? e[0].responseEnd : NaN;
  }, path);
}

export interface MapRun {
  total: number;
  afterData: number;
  layoutMs: number;
  engine: string;
  apiMs: number;
}

/** Opens the map for a range and waits until `nodes` nodes and `edges` edges are in the DOM and painted. */
/** map runs by graph size; `-first`: a first visit (empty cache), else a repeat visit (the app cached) */
export type MapKey = '200' | '1000' | '200-first' | '1000-first';

export async function mapRun(page: Page, url: string, nodes: number, edges: number): Promise<MapRun> {
  await page.goto('about:blank');
  await page.goto(url);
  const painted = await until(page, '.map-edge', edges);
  await until(page, '.map-node', nodes);
  const end = await responseEnd(page, '/api/v1/dependency-map');
  const start = await page.evaluate(
    () =>
      (performance.getEntriesByType('resource').find((r) => r.name.includes('/api/v1/dependency-map')) as PerformanceResourceTiming)
        .requestStart,
  );
  const canvas = page.locator('.map-canvas');
  return {
    total: painted,
    afterData: painted - end,
    layoutMs: Number(await canvas.getAttribute('data-layout-ms')),
    engine: (await canvas.getAttribute('data-engine')) ?? '',
    apiMs: end - start,
  };
}

interface ChartMark {
  start: number;
  ms: number;
  points: number;
  series: number;
}

export interface ChartRun {
  seconds: number;
  /** KPI answers that arrived in the window */
  updates: number;
  /** points per series and series drawn (from the charts' own User Timing entries) */
  points: number;
  series: number;
  /** bytes of the KPI answers per update */
  bytesPerUpdate: number;
  /** the whole page: main-thread busy time per update, and its split (script, style, layout, paint, gc, ...) */
  pageMs: number;
  pageGroups: Record<string, number>;
  /** the charts' own work per update, mean: setData until drawn, over the charts, overlaps once (User Timing `argus.chart.update`) */
  chartJsMs: number;
  /** the rest of the frame that showed the new charts (style, layout, paint, canvas rasterization), mean per update; shared with whatever else ran in it */
  chartFrameMs: number;
  /** the charts' work + their frame per update: median and largest */
  chartMedianMs: number;
  chartMaxMs: number;
  /** what the frame after the charts' update spent its time on: self time per trace event, mean per update */
  frameEvents: Array<[string, number]>;
}

/**
 * The service dashboard in live mode over the last hour (1 s steps: 3,600 points per series, 5 series in 3 charts),
 * refreshed every second, traced through CDP for `seconds`: the page's main-thread time per update (every task, by
 * kind), and the charts' own share: their `argus.chart.update` User Timing measures (setData until the draw hook) plus
 * the frame that followed each (`chartUpdates`).
 */
export async function chartRun(page: Page, url: string, seconds: number): Promise<ChartRun> {
  await page.goto('about:blank');
  await page.goto(url);
  await until(page, '.time-chart canvas', 3);
  await page.waitForTimeout(3000);
  await page.evaluate(() => {
    const w = window as unknown as { __chart: ChartMark[] };
    w.__chart = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.name === 'argus.chart.update') w.__chart.push({ start: e.startTime, ms: e.duration, ...(e as PerformanceMeasure).detail });
    }).observe({ type: 'measure' });
  });
  let updates = 0;
  let bytes = 0;
  const onResponse = async (r: { url(): string; body(): Promise<Buffer> }) => {
    if (!new URL(r.url()).pathname.endsWith('/api/v1/kpis')) return;
    updates++;
    bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  };
  page.on('response', onResponse);
  const { events } = await traced(page, () => page.waitForTimeout(seconds * 1000));
  page.off('response', onResponse);
  const marks = await page.evaluate(() => (window as unknown as { __chart: ChartMark[] }).__chart);
  const whole = breakdown(events);
  const per = (ms: number) => (updates ? ms / updates : NaN);
  const each = chartUpdates(events);
  const total = each.map((u) => u.jsMs + u.frameMs).sort((x, y) => x - y);
  const pageGroups = Object.fromEntries(Object.entries(whole.byGroup).map(([k, v]) => [k, per(v)]));
  return {
    seconds,
    updates,
    points: Math.max(0, ...marks.map((m) => m.points)),
    series: marks.length ? marks.slice(-3).reduce((s, m) => s + m.series, 0) : 0,
    bytesPerUpdate: per(bytes),
    pageMs: per(whole.busyMs),
    pageGroups,
    chartJsMs: mean(each.map((u) => u.jsMs)),
    chartFrameMs: mean(each.map((u) => u.frameMs)),
    chartMedianMs: total.length ? total[Math.floor(total.length / 2)] : NaN,
    chartMaxMs: total.length ? total[total.length - 1] : NaN,
    frameEvents: topEvents(
      each.flatMap((u) => u.frameEvents),
      each.length,
    ),
  };
}

/** self time per event name, mean per update, the largest first */
function topEvents(list: Array<[string, number]>, n: number, top = 8): Array<[string, number]> {
  const sum = new Map<string, number>();
  for (const [name, ms] of list) sum.set(name, (sum.get(name) ?? 0) + ms);
  return [...sum]
    .map(([name, ms]) => [name, ms / Math.max(1, n)] as [string, number])
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * The charts' work per live update, from the trace: the time covered by their `argus.chart.update` measures (begin/end
 * events of one update are less than 200 ms apart; nested or overlapping measures counted once), then every task on
 * the main thread from the last measure's end to the end of the next Commit: style, layout, paint and the canvas
 * rasterization (draw calls are recorded and rasterized at the frame, CanvasRenderingContext2D::FinalizeFrame, inside
 * tasks the timeline's categories do not name). An upper bound: anything else that ran in that window counts too.
 */
function chartUpdates(events: TraceEvent[]): Array<{ jsMs: number; frameMs: number; frameEvents: Array<[string, number]> }> {
  const marks = events
    .filter((e) => e.name === 'argus.chart.update' && /^[bBeE]$/.test(e.ph))
    .map((e) => ({ ts: e.ts, d: e.ph === 'b' || e.ph === 'B' ? 1 : -1 }))
    .sort((x, y) => x.ts - y.ts || y.d - x.d);
  const commits = events.filter((e) => e.name === 'Commit' && e.ph === 'X').map((e) => e.ts + (e.dur ?? 0));
  const out: Array<{ jsMs: number; frameMs: number; frameEvents: Array<[string, number]> }> = [];
  let i = 0;
  while (i < marks.length) {
    let depth = 0;
    let covered = 0;
    let since = marks[i].ts;
    let j = i;
    for (; j < marks.length && (j === i || marks[j].ts - marks[j - 1].ts < 200_000); j++) {
      if (depth > 0) covered += marks[j].ts - since;
      since = marks[j].ts;
      depth = Math.max(0, depth + marks[j].d);
    }
    const end = marks[j - 1].ts;
    const commit = commits.find((c) => c > end);
    if (marks[i].d === 1 && commit !== undefined) {
      const frame = breakdown(events, end, commit);
      out.push({ jsMs: covered / 1000, frameMs: frame.busyMs, frameEvents: frame.byEvent });
    }
    i = j;
  }
  return out;
}
