import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, launchChromium, startTracedBackend } from './browser-helpers.js';
import { startTestSite, type TestSite } from './fixtures/site.js';

/**
 * eum.js in real Chromium on a static site, beacons into the real collector, a fetch to a backend traced by the
 * Argus Node.js tracer. The batching delay is 60 s, so every beacon below arrives because the page was hidden
 * (visibilitychange) or left (pagehide), not because a timer fired.
 */
let col: TestCollector;
let site: TestSite;
let backend: Awaited<ReturnType<typeof startTracedBackend>>;
let browser: Browser;
let page: Page;
let websiteId = '';

type Row = Record<string, unknown> & { kind: string; page: string; attributes: Record<string, string>; timings: Record<string, number> };
const rows = (where = '1', params: Record<string, unknown> = {}) =>
  col.deps.storage.query<Row>(
    `SELECT kind, page, url, ttfb, fcp, lcp, cls, inp, duration_ms, timings, attributes, http_method, http_status, backend_trace_id, trace_id,
            error_message, error_stack, error_count, name, session_id, page_load_id, browser FROM eum_beacons
     WHERE website_id = {w:String} AND ${where} ORDER BY timestamp`,
    { w: websiteId, ...params },
  );
const hide = (state: 'hidden' | 'visible') =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

beforeAll(async () => {
  col = await startTestCollector();
  browser = await launchChromium();
  // origins must be known before the website is created (allowedOrigins) and before the servers start (snippet)
  const [sitePort, backendPort] = [await freePort(), await freePort()];
  const siteOrigin = `http://127.0.0.1:${sitePort}`;
  const backendOrigin = `http://127.0.0.1:${backendPort}`;
  const r = await fetch(`${col.apiUrl}/api/v1/websites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Test shop', allowedOrigins: [siteOrigin, backendOrigin], reportingUrl: col.ingestUrl }),
  });
  const w = await r.json();
  websiteId = w.id;
  const extra = `<script>argus("allowedOrigins", [${JSON.stringify(backendOrigin)}]);argus("beaconBatchingTime", 60000);argus("user", "u-42", "Ada", "ada@example.com");argus("meta", "plan", "gold");</script>`;
  const head = w.snippet.replace('</script>', '</script>' + extra);
  backend = await startTracedBackend(col, head, backendPort);
  site = await startTestSite(head, backend.url, true, sitePort);
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.stop();
  await col?.destroy();
});

describe('eum.js in Chromium', () => {
  it('reports page load, vitals, a traced fetch, grouped errors, an SPA change and flushes on hide/pagehide', async () => {
    await page.goto(site.url + '/');
    await page.waitForFunction(() => (window as unknown as { argus?: { v?: string } }).argus?.v === '1');
    await page.waitForTimeout(400); // the late banner shift and LCP
    const fetched = page.waitForResponse((res) => res.url().includes('/api/data'));
    await page.click('#buy');
    await fetched;
    await page.waitForSelector('#out:has-text("loaded")');
    await page.evaluate(() => (window as unknown as { failCheckout(): void }).failCheckout());
    await page.evaluate(() => (window as unknown as { failCheckout(): void }).failCheckout());
    expect(await page.evaluate(() => new Promise((r) => (window as unknown as { xhrCall(d: (s: number) => void): void }).xhrCall(r)))).toBe(
      200,
    );
    await page.evaluate(() => (window as unknown as { abortedFetch(): Promise<void> }).abortedFetch());
    await page.click('#products');
    await page.waitForTimeout(200);
    await page.evaluate(() => (location.hash = '#/cart'));
    await page.waitForTimeout(200);
    await page.evaluate(() => (window as unknown as { argus(...a: unknown[]): void }).argus('page', 'Checkout'));
    await page.waitForTimeout(300);
    expect(await rows()).toHaveLength(0); // nothing sent yet: the batching delay is 60 s

    await hide('hidden');
    const first = await eventually(
      async () => {
        const r = await rows();
        return ['pageload', 'vitals', 'http', 'error', 'pagechange'].every((k) => r.some((x) => x.kind === k)) && r;
      },
      15_000,
      'beacons flushed on visibilitychange',
    );

    const pl = first.find((x) => x.kind === 'pageload')!;
    expect(pl.page).toBe('/');
    expect(Object.keys(pl.timings)).toEqual(expect.arrayContaining(['request', 'response', 'dom']));
    expect(Number(pl.ttfb)).toBeGreaterThanOrEqual(0);
    expect(Number(pl.fcp)).toBeGreaterThan(0);
    expect(Number(pl.lcp)).toBeGreaterThan(0);
    expect(Number(pl.cls)).toBeGreaterThanOrEqual(0);
    expect(Number(pl.duration_ms)).toBeGreaterThan(0);
    expect(pl.browser).toMatch(/Chrom/);

    // resource timings of the page (sent with the page-load beacon), none of the collector's own requests
    const resources = await eventually(
      async () => {
        const r = await col.deps.storage.query<{ url: string; initiator: string }>(
          'SELECT url, initiator FROM eum_resources WHERE website_id = {w:String} ORDER BY url',
          { w: websiteId },
        );
        return r.length >= 2 && r;
      },
      10_000,
      'resource timings',
    );
    expect(resources.map((r) => r.url)).toEqual(expect.arrayContaining([`${site.url}/app.js`, `${site.url}/hero.svg`]));
    expect(resources.some((r) => r.url.startsWith(col.ingestUrl))).toBe(false);

    const wv = first.find((x) => x.kind === 'vitals')!;
    expect(Number(wv.lcp)).toBeGreaterThan(0);
    expect(Number(wv.cls)).toBeGreaterThan(0);
    expect(Number(wv.inp)).toBeGreaterThanOrEqual(80);
    expect(wv.attributes.inp_target).toContain('button#buy');

    const http = first.find((x) => x.kind === 'http' && x.http_method === 'GET' && x.http_status === 200)!;
    expect(http).toMatchObject({ http_method: 'GET', http_status: 200 });
    expect(http.url).toBe(`${backend.url}/api/data?id=7&token=<redacted>`);
    expect(http.backend_trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(http.backend_trace_id).toBe(http.trace_id); // the backend continued the browser's traceparent
    const spans = await eventually(
      async () => {
        const s = await col.deps.storage.query<{ service: string; kind: number }>(
          'SELECT service, kind FROM spans WHERE trace_id = unhex({t:String})',
          { t: http.backend_trace_id },
        );
        return s.length > 0 && s;
      },
      15_000,
      'backend spans',
    );
    expect(spans.some((s) => s.kind === 2)).toBe(true);

    const xhr = first.find((x) => x.kind === 'http' && x.http_method === 'POST')!;
    expect(xhr).toMatchObject({ http_status: 200, url: `${backend.url}/api/data?via=xhr` });
    expect(xhr.attributes.api).toBe('xhr');
    expect(xhr.backend_trace_id).toBe(xhr.trace_id);
    expect(first.find((x) => x.kind === 'http' && String(x.url).includes('slow=1'))).toMatchObject({ http_status: -3 }); // aborted

    const changes = first.filter((x) => x.kind === 'pagechange').map((x) => [x.page, x.attributes.from_page, x.attributes.trigger]);
    expect(changes).toEqual([
      ['/products/42', '/', 'p'],
      ['/products/42#/cart', '/products/42', expect.stringMatching(/^[oh]$/)], // fragment navigations fire popstate, then hashchange
      ['Checkout', '/products/42#/cart', 'm'],
    ]);

    const q = `from=${Date.now() - 600_000}&to=${Date.now() + 1000}`;
    const errs = await eventually(
      async () => {
        const e = await (await fetch(`${col.apiUrl}/api/v1/websites/${websiteId}/errors?${q}`)).json();
        return e.errors?.[0]?.count === 2 && e.errors;
      },
      10_000,
      'error grouped with count 2',
    );
    expect(errs).toHaveLength(1);
    expect(errs[0].message).toContain('kaboom in checkout');
    expect(errs[0].sampleStack).toMatch(/checkout.*app\.js/);

    const calls = await (
      await fetch(`${col.apiUrl}/api/v1/websites/${websiteId}/http-calls?${q}&url=${encodeURIComponent('id=7')}`)
    ).json();
    expect(calls.calls).toHaveLength(1);
    expect(calls.calls[0]).toMatchObject({ backendTraceId: http.backend_trace_id, backendTraceFound: true });

    // while hidden, a new beacon goes out at once
    await page.evaluate(() =>
      (window as unknown as { argus(...a: unknown[]): void }).argus('reportEvent', 'while-hidden', { duration: 12, meta: { step: 'a' } }),
    );
    await eventually(
      async () => (await rows("kind = 'custom' AND name = 'while-hidden'")).length === 1,
      10_000,
      'custom event sent while hidden',
    );

    // visible again: queued until the page is left (pagehide)
    await hide('visible');
    await page.evaluate(() => (window as unknown as { argus(...a: unknown[]): void }).argus('reportEvent', 'before-leave'));
    await page.waitForTimeout(300);
    expect(await rows("name = 'before-leave'")).toHaveLength(0);
    await page.goto(site.url + '/other.html');
    await eventually(async () => (await rows("name = 'before-leave'")).length === 1, 10_000, 'custom event flushed on pagehide');

    const all = await rows();
    expect(new Set(all.map((r) => r.session_id)).size).toBe(1);
    expect(new Set(all.map((r) => r.page_load_id)).size).toBe(1);
    const summary = await (await fetch(`${col.apiUrl}/api/v1/websites/${websiteId}/summary?${q}`)).json();
    expect(summary).toMatchObject({ pageLoads: 1, pageViews: 4, sessions: 1, jsErrors: 2, httpCalls: 3 });
    expect(summary.webVitals.inp.samples).toBe(1);
  });

  it('links a server-rendered page load to its backend trace through the document Server-Timing', async () => {
    const p = await browser.newPage();
    await p.goto(backend.url + '/page');
    await p.waitForFunction(() => (window as unknown as { argus?: { v?: string } }).argus?.v === '1');
    await p.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const pl = await eventually(async () => (await rows(`kind = 'pageload' AND page = '/page'`))[0], 15_000, 'server page load');
    expect(pl.backend_trace_id).toMatch(/^[0-9a-f]{32}$/);
    const spans = await eventually(
      async () => {
        const s = await col.deps.storage.query<{ kind: number; url_path: string }>(
          'SELECT kind, url_path FROM spans WHERE trace_id = unhex({t:String})',
          { t: pl.backend_trace_id },
        );
        return s.length > 0 && s;
      },
      15_000,
      'page trace in the collector',
    );
    expect(spans).toContainEqual(expect.objectContaining({ kind: 2, url_path: '/page' }));
    await p.close();
  });

  it('falls back to fetch keepalive when sendBeacon refuses, without tracking its own requests', async () => {
    const p = await browser.newPage();
    await p.addInitScript(() => {
      Object.defineProperty(navigator, 'sendBeacon', { value: () => false });
    });
    await p.goto(site.url + '/other.html');
    await p.waitForFunction(() => (window as unknown as { argus?: { v?: string } }).argus?.v === '1');
    await p.evaluate(() => {
      (window as unknown as { argus(...a: unknown[]): void }).argus('reportEvent', 'via-fetch');
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await eventually(async () => (await rows("name = 'via-fetch'")).length === 1, 10_000, 'beacon sent with fetch');
    expect(await rows('position(url, {u:String}) > 0', { u: col.ingestUrl })).toHaveLength(0);
    const res = await col.deps.storage.query('SELECT url FROM eum_resources WHERE position(url, {u:String}) > 0', { u: col.ingestUrl });
    expect(res).toHaveLength(0);
    await p.close();
  });

  it('stays silent without the APIs it needs', async () => {
    const p = await browser.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.addInitScript(() => {
      Object.defineProperty(navigator, 'sendBeacon', { value: undefined });
      Object.defineProperty(window, 'fetch', { value: undefined });
    });
    await p.goto(site.url + '/other.html');
    await p.waitForLoadState('load');
    await p.waitForTimeout(300);
    const state = await p.evaluate(() => {
      const a = (window as unknown as { argus: { v?: string; q?: unknown[] } }).argus;
      return { loaded: a.v === '1', queued: Array.isArray(a.q) };
    });
    expect(state).toEqual({ loaded: false, queued: true }); // the queue stays a queue: nothing installed
    expect(errors).toEqual([]);
    await p.close();
  });
});
