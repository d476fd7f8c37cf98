/** The trace view's measurement in headless Chromium (bench/ui/run.ts `--only trace`). */
import type { Page } from 'playwright-core';
import { until } from './browser-measure.js';

/** The first request whose URL contains `part`: when it was sent and when its answer ended, ms from navigation start. */
async function request(page: Page, part: string): Promise<{ start: number; end: number; bytes: number }> {
  return page.evaluate((p) => {
    const e = performance.getEntriesByType('resource').find((r) => r.name.includes(p)) as PerformanceResourceTiming | undefined;
    return e ? { start: e.requestStart, end: e.responseEnd, bytes: e.encodedBodySize } : { start: NaN, end: NaN, bytes: NaN };
  }, part);
}

/**
 * ms from a click on the `n`-th row until the details panel shows that span (`full`: with its attributes), two
 * frames painted after it. A build from before the span's own answer (its details all at once, no data-state or
 * data-span) is measured alike: ARGUS_UI_DIR=<previous build> for a before/after.
 */
async function clickUntil(page: Page, n: number, full: boolean): Promise<number> {
  return page.evaluate(
    ({ n, full }) =>
      new Promise<number>((resolve, reject) => {
        const row = document.querySelectorAll<HTMLElement>('.wf-row')[n];
        const id = row.id.replace('span-', '');
        const t0 = performance.now();
        row.click();
        const shown = () => {
          const d = document.querySelector<HTMLElement>('.span-details');
          if (!d || !document.querySelector(`#span-${id}.selected`) || (d.dataset.span ?? id) !== id) return false;
          return !full || ((d.dataset.state ?? 'loaded') === 'loaded' && d.querySelector('.kv') !== null);
        };
        const tick = () => {
          if (shown()) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
          else if (performance.now() - t0 > 60_000) reject(new Error(`timeout waiting for the details of row ${n}`));
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    { n, full },
  );
}

export interface TraceRun {
  /** navigation start until the waterfall's first 20 rows are painted */
  total: number;
  /** the waterfall answer's end until then */
  afterData: number;
  /** GET /traces/:id/waterfall (a previous build: GET /traces/:id), request sent until answer read */
  apiMs: number;
  apiBytes: number;
  /** a click on a row until the span's details are painted with its attributes (its own answer, GET /traces/:id/spans/:spanId) */
  clickToDetails: number;
  /** a click on another row until the details panel shows it (timing, status, parent: what the waterfall already has) */
  clickToPanel: number;
  /** "Next error" until the error span is selected */
  nextErrorMs: number;
}

/**
 * Opens a trace: time to the first rows painted (the waterfall is usable: rows, bars, critical path, collapse), then
 * a click on a row until its details are painted in full (attributes loaded), a click on another row until the panel
 * switches to it, and "Next error".
 */
export async function traceRun(page: Page, url: string): Promise<TraceRun> {
  await page.goto('about:blank');
  await page.goto(url);
  const painted = await until(page, '.wf-row', 20);
  // the trace view's first answer: the waterfall (a previous build read the full GET /traces/:id)
  const lean = await request(page, '/waterfall');
  const api = Number.isNaN(lean.start) ? await request(page, '/api/v1/traces/') : lean;
  const clickToDetails = await clickUntil(page, 5, true);
  const clickToPanel = await clickUntil(page, 7, false);
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
  return {
    total: painted,
    afterData: painted - api.end,
    apiMs: api.end - api.start,
    apiBytes: api.bytes,
    clickToDetails,
    clickToPanel,
    nextErrorMs: nextError,
  };
}
