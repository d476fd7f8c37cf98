/** Measurements inside headless Chromium (playwright-core) against the collector's UI and API. */
import type { Browser, Page } from 'playwright-core';

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

/** ms from navigation start until `selector` matches at least `count` elements and a frame was painted after it. */
async function until(page: Page, selector: string, count: number, timeoutMs = 120_000): Promise<number> {
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
export async function mapRun(page: Page, url: string, nodes: number, edges: number): Promise<MapRun> {
  await page.goto('about:blank');
  await page.goto(url);
  const painted = await until(page, '.react-flow__edge', edges);
  await until(page, '.react-flow__node', nodes);
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

export interface TraceRun {
  total: number;
  afterData: number;
  apiMs: number;
  clickToDetails: number;
  nextErrorMs: number;
}

/** Opens a trace: time to the first rows painted, then a click on a row until its details show, and "next error". */
export async function traceRun(page: Page, url: string): Promise<TraceRun> {
  await page.goto('about:blank');
  await page.goto(url);
  const painted = await until(page, '.wf-row', 20);
  const end = await responseEnd(page, '/api/v1/traces/');
  const start = await page.evaluate(
    () =>
      (performance.getEntriesByType('resource').find((r) => r.name.includes('/api/v1/traces/')) as PerformanceResourceTiming).requestStart,
  );
  const click = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const row = document.querySelectorAll<HTMLElement>('.wf-row')[5];
        const t0 = performance.now();
        row.click();
        const tick = () =>
          document.querySelector('.span-details')
            ? requestAnimationFrame(() => resolve(performance.now() - t0))
            : requestAnimationFrame(tick);
        tick();
      }),
  );
  const nextError = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const before = location.search;
        const btn = [...document.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.startsWith('Next error'))!;
        const t0 = performance.now();
        btn.click();
        const tick = () =>
          location.search !== before ? requestAnimationFrame(() => resolve(performance.now() - t0)) : requestAnimationFrame(tick);
        tick();
      }),
  );
  return { total: painted, afterData: painted - end, apiMs: end - start, clickToDetails: click, nextErrorMs: nextError };
}

export interface ChartRun {
  updates: number;
  mainThreadMsPerUpdate: number;
  scriptMsPerUpdate: number;
  points: number;
}

/**
 * The service dashboard in live mode over the last hour (1 s steps: 3,600 points per series, 5 series in 3 charts),
 * refreshed every second: Chromium's main-thread task time (CDP Performance.getMetrics) over a window, per update.
 */
export async function chartRun(page: Page, url: string, seconds: number): Promise<ChartRun> {
  await page.goto(url);
  await until(page, '.time-chart canvas', 3);
  await page.waitForTimeout(3000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let updates = 0;
  let points = 0;
  const onResponse = async (r: { url(): string; json(): Promise<unknown> }) => {
    if (!new URL(r.url()).pathname.endsWith('/api/v1/kpis')) return;
    updates++;
    points = ((await r.json()) as { points: unknown[] }).points.length;
  };
  page.on('response', onResponse);
  const metric = async () => {
    const m = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (n: string) => m.find((x) => x.name === n)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration') };
  };
  const a = await metric();
  await page.waitForTimeout(seconds * 1000);
  const b = await metric();
  page.off('response', onResponse);
  return {
    updates,
    mainThreadMsPerUpdate: updates ? ((b.task - a.task) * 1000) / updates : NaN,
    scriptMsPerUpdate: updates ? ((b.script - a.script) * 1000) / updates : NaN,
    points,
  };
}
