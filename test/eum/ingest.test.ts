import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Beacon ingest over HTTP against the real collector (embedded ClickHouse): good batches stored, bad ones refused. */
let col: TestCollector;
let site: { id: string; siteKey: string; snippet: string; allowedOrigins: string[] };
const ORIGIN = 'https://shop.example.com';

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${col.ingestUrl}/eum/v1/beacons`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN, ...headers },
  });

const batch = (over: Record<string, unknown> = {}) => ({
  v: 1,
  k: site.siteKey,
  s: 'sess1',
  pl: 'pl1',
  n: Date.now(),
  ui: 'u-1',
  m: { plan: 'gold' },
  b: [
    {
      t: 'pl',
      ts: Date.now(),
      p: '/home',
      u: `${ORIGIN}/home`,
      d: 900,
      ttfb: 120,
      fcp: 300,
      lcp: 450,
      cls: 0.02,
      nt: { d: 5, c: 10, q: 100, o: 20, m: 300, l: 2 },
      bt: 'ab'.repeat(16),
    },
    { t: 'wv', ts: Date.now(), p: '/home', lcp: 3000, cls: 0.3, inp: 120, ia: 'click button#buy' },
    { t: 'xhr', ts: Date.now(), p: '/home', m: 'GET', u: `${ORIGIN}/api/cart?token=<redacted>`, sc: -2, d: 5000, tp: 'cd'.repeat(16) },
    { t: 'err', ts: Date.now(), p: '/home', msg: 'boom', st: 'Error: boom\n    at f (https://shop.example.com/app.js:1:2)', c: 3 },
    {
      t: 'res',
      ts: Date.now(),
      p: '/home',
      r: {
        [ORIGIN]: [
          ['/app.js', 's', 10, 40, 0, 1000, 3000],
          ['/style.css', 'l', 5, 20, 1300, 1000, 4000],
        ],
      },
    },
  ],
  ...over,
});

const count = async (sql: string) => Number((await col.deps.storage.query<{ n: string }>(sql))[0].n);

beforeAll(async () => {
  col = await startTestCollector();
  const r = await fetch(`${col.apiUrl}/api/v1/websites`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Shop', allowedOrigins: [ORIGIN, 'https://*.example.org'], reportingUrl: col.ingestUrl }),
  });
  expect(r.status).toBe(201);
  site = await r.json();
});
afterAll(async () => col?.destroy());

describe('POST /eum/v1/beacons', () => {
  it('creates websites with a key and a snippet', async () => {
    expect(site.siteKey).toMatch(/^sk_/);
    expect(site.snippet).toContain(`argus("key", "${site.siteKey}")`);
    expect(site.snippet).toMatch(new RegExp(`src="${col.ingestUrl}/eum.js\\?v=[0-9a-f]{12}"`));
    const list = await (await fetch(`${col.apiUrl}/api/v1/websites`)).json();
    expect(list.websites.map((w: { id: string }) => w.id)).toContain(site.id);
    const bad = await fetch(`${col.apiUrl}/api/v1/websites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', allowedOrigins: ['not an origin'] }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('EUM_INVALID_ORIGIN');
  });

  it('stores a valid batch with parsed user agent, anonymized IP and decoded resources', async () => {
    const r = await post(JSON.stringify(batch()), {
      'user-agent':
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    });
    expect(r.status).toBe(202);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await r.json()).toEqual({ accepted: 5 });
    const rows = await col.deps.storage.query(
      `SELECT kind, browser, os, device, client_ip, user_id, meta, timings, http_status, trace_id, error_count, backend_trace_id, lcp, inp FROM eum_beacons WHERE website_id = {w:String} ORDER BY kind`,
      { w: site.id },
    );
    expect(rows.map((x) => x.kind)).toEqual(['error', 'http', 'pageload', 'vitals']);
    const pl = rows.find((x) => x.kind === 'pageload')!;
    expect(pl).toMatchObject({
      browser: 'Mobile Safari',
      os: 'iOS',
      device: 'mobile',
      client_ip: '127.0.0.0',
      user_id: 'u-1',
      meta: { plan: 'gold' },
      backend_trace_id: 'ab'.repeat(16),
    });
    expect(pl.timings).toMatchObject({ dns: 5, tcp: 10, request: 100, response: 20, dom: 300, load: 2 });
    expect(rows.find((x) => x.kind === 'http')).toMatchObject({ http_status: -2, trace_id: 'cd'.repeat(16) });
    expect(rows.find((x) => x.kind === 'error')).toMatchObject({ error_count: 3 });
    const res = await col.deps.storage.query(`SELECT url, initiator, cache FROM eum_resources WHERE website_id = {w:String} ORDER BY url`, {
      w: site.id,
    });
    expect(res).toEqual([
      { url: `${ORIGIN}/app.js`, initiator: 'script', cache: 'cache' },
      { url: `${ORIGIN}/style.css`, initiator: 'link', cache: 'network' },
    ]);
  });

  it('serves summary, breakdowns, errors, resources, http calls and sessions', async () => {
    const q = `from=${Date.now() - 3_600_000}&to=${Date.now() + 1000}`;
    const get = async (p: string) => {
      const r = await fetch(`${col.apiUrl}/api/v1/websites/${site.id}/${p}${p.includes('?') ? '&' : '?'}${q}`);
      expect(r.status, p).toBe(200);
      return r.json();
    };
    const s = await get('summary');
    expect(s).toMatchObject({ pageLoads: 1, pageViews: 1, sessions: 1, jsErrors: 3, httpCalls: 1, httpErrors: 1 });
    expect(s.webVitals.lcp).toMatchObject({ p75: 3000, samples: 1, needsImprovement: 1 });
    expect(s.webVitals.cls).toMatchObject({ samples: 1, poor: 1 });
    expect(s.webVitals.fcp).toMatchObject({ p75: 300, good: 1 });
    const b = await get('breakdown/device');
    expect(b.rows[0]).toMatchObject({ value: 'mobile', pageLoads: 1 });
    const e = await get('errors');
    expect(e.errors[0]).toMatchObject({ message: 'boom', count: 3, topFrame: 'at f (https://shop.example.com/app.js:1:2)' });
    const res = await get('resources');
    expect(res.resources[0]).toMatchObject({ url: `${ORIGIN}/app.js`, p95: 40 });
    const calls = await get('http-calls');
    expect(calls.calls[0]).toMatchObject({ status: -2, traceparentTraceId: 'cd'.repeat(16), backendTraceFound: false });
    const ts = await get('timeseries');
    expect(ts.points.reduce((n: number, p: { pageLoads: number }) => n + p.pageLoads, 0)).toBe(1);
    // ranges aligned on minutes / hours read the 1 min / 1 h rollups, with the same counts
    for (const step of [60_000, 3_600_000]) {
      const from = Math.floor(Date.now() / step) * step - step;
      const to = Math.ceil((Date.now() + 1) / step) * step;
      const r = await (await fetch(`${col.apiUrl}/api/v1/websites/${site.id}/summary?from=${from}&to=${to}`)).json();
      expect(r).toMatchObject({ resolutionSeconds: step / 1000, pageLoads: 1, sessions: 1, jsErrors: 3 });
      expect(r.webVitals.lcp.p75).toBe(3000);
    }
    const sess = await get('sessions/sess1');
    expect(sess.beacons.map((x: { kind: string }) => x.kind).sort()).toEqual(['error', 'http', 'pageload', 'vitals']);
  });

  it('refuses bad beacons with clear errors and stores nothing from them', async () => {
    const before = await count(`SELECT count() AS n FROM eum_beacons`);
    const cases: Array<[string, Promise<Response>, number, string]> = [
      ['malformed', post('{"v":1,'), 400, 'EUM_MALFORMED'],
      ['invalid', post(JSON.stringify(batch({ b: [{ t: 'xhr', m: 'GET', sc: 'x', d: 1 }] }))), 400, 'EUM_INVALID_BEACON'],
      ['wrong key', post(JSON.stringify(batch({ k: 'sk_nope' }))), 401, 'EUM_UNKNOWN_SITE_KEY'],
      ['origin', post(JSON.stringify(batch()), { origin: 'https://evil.example.net' }), 403, 'EUM_ORIGIN_NOT_ALLOWED'],
      ['oversized', post(JSON.stringify(batch({ pad: 'x'.repeat(70_000) }))), 413, 'BODY_TOO_LARGE'],
    ];
    for (const [name, res, status, code] of cases) {
      const r = await res;
      expect(r.status, name).toBe(status);
      const body = await r.json();
      expect(body.code, name).toBe(code);
      expect(body.message.length, name).toBeGreaterThan(10);
    }
    const wildcard = await post(JSON.stringify(batch({ s: 'sess2' })), { origin: 'https://a.example.org' });
    expect(wildcard.status).toBe(202);
    expect(await count(`SELECT count() AS n FROM eum_beacons`)).toBe(before + 4);
    expect((await fetch(`${col.ingestUrl}/health`)).status).toBe(200);
  });

  it("refuses beacons for a deleted tenant's website like an unknown key, and lists it no more", async () => {
    const json = (method: string, path: string, body?: unknown) =>
      fetch(`${col.apiUrl}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-argus-tenant': 'eum-gone' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await json('POST', '/tenants', { id: 'eum-gone', name: 'eum gone' })).status).toBe(201);
    const created = await json('POST', '/websites', { name: 'Gone', allowedOrigins: [ORIGIN] });
    expect(created.status).toBe(201);
    const gone = (await created.json()) as { id: string; siteKey: string };
    expect((await post(JSON.stringify(batch({ k: gone.siteKey, s: 'sess-gone' })))).status).toBe(202);
    expect((await json('DELETE', '/tenants/eum-gone')).status).toBe(200);
    const refused = await post(JSON.stringify(batch({ k: gone.siteKey, s: 'sess-gone' })));
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('EUM_UNKNOWN_SITE_KEY');
    expect(await count(`SELECT count() AS n FROM eum_beacons WHERE session_id = 'sess-gone'`)).toBeLessThanOrEqual(4);
    // the default tenant's website is unaffected
    expect((await post(JSON.stringify(batch({ s: 'sess3' })))).status).toBe(202);
  });

  it('serves eum.js with long-lived caching for the versioned URL and 304 on ETag', async () => {
    const plain = await fetch(`${col.ingestUrl}/eum.js`);
    expect(plain.status).toBe(200);
    const etag = plain.headers.get('etag')!;
    const v = etag.replace(/"/g, '');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await plain.text()).length).toBeGreaterThan(1000);
    const pinned = await fetch(`${col.ingestUrl}/eum.js?v=${v}`);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(`${col.ingestUrl}/eum.js?v=${v}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});
