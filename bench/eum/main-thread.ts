import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
/** EUM_FILE: measure another build of eum.js (e.g. while profiling) */
const EUM = process.env.EUM_FILE ?? fileURLToPath(new URL('../../sensors/eum/dist/eum.js', import.meta.url));

/** a page with some DOM, an image, a stylesheet and one fetch, served with or without the snippet */
const page = (head: string) => `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>${head}
<link rel="stylesheet" href="/style.css"></head><body><h1>Bench page</h1>
${Array.from({ length: 200 }, (_, i) => `<p class="row">Paragraph ${i} with <a href="#a${i}">a link</a></p>`).join('')}
<img src="/img.svg" width="400" height="200" alt="">
<script>fetch('/api/data').then(function (r) { return r.text(); });</script></body></html>`;

const SNIPPET = (origin: string, src: string) => `<script>
(function(w,n){w[n]=w[n]||function(){(w[n].q=w[n].q||[]).push(arguments)};w[n].l=+new Date()})(window,"argus");
argus("reportingUrl", "${origin}");argus("key", "bench");
</script><script defer src="${src}"></script>`;

/** scripts are cacheable like the collector serves eum.js?v=..., so warm runs use the HTTP and V8 code caches */
const JS_HEADERS = { 'content-type': 'application/javascript', 'cache-control': 'public, max-age=31536000, immutable' };

/**
 * `/p/none` (no script), `/p/<eum variant>` (a build of eum.js with its snippet; by default only `eum`,
 * sensors/eum/dist/eum.js) and `/p/<name>` for each other script (deferred)
 */
function serve(scripts: Record<string, string>, eums: Record<string, string>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const u = req.url ?? '/';
    const html = (head: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(page(head));
    if (u.startsWith('/p/') && eums[u.slice(3)] !== undefined)
      html(SNIPPET(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, `/e/${u.slice(3)}.js`));
    else if (u === '/p/none') html('');
    else if (u.startsWith('/p/') && scripts[u.slice(3)] !== undefined) html(`<script defer src="/s/${u.slice(3)}.js"></script>`);
    else if (u.startsWith('/e/')) res.writeHead(200, JS_HEADERS).end(eums[u.slice(3, -3)] ?? '');
    else if (u.startsWith('/s/')) res.writeHead(200, JS_HEADERS).end(scripts[u.slice(3, -3)] ?? '');
    else if (u === '/x') req.resume().on('end', () => res.writeHead(204).end());
    else if (u === '/style.css') res.writeHead(200, { 'content-type': 'text/css' }).end('.row{margin:2px;font:14px sans-serif}');
    else if (u === '/img.svg')
      res
        .writeHead(200, { 'content-type': 'image/svg+xml' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#48c"/></svg>');
    else if (u === '/api/data') res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    else if (u.startsWith('/eum/v1/beacons')) req.resume().on('end', () => res.writeHead(204).end());
    else res.writeHead(404).end();
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** JavaScript on the renderer main thread: outermost script events (compile, evaluate, callbacks, timers, events) */
const JS_EVENTS = new Set([
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'FireAnimationFrame',
  'FireIdleCallback',
  'RunMicrotasks',
  'V8.Execute',
  'v8.run',
]);

/** wall and thread-CPU ms of renderer-main-thread work: all top-level tasks, and the outermost JS events */
function sumTrace(events: TraceEvent[], origin: string) {
  // only the renderer that parsed our page (the trace also holds Chromium's internal pages)
  const pids = new Set(events.filter((e) => e.name === 'ParseHTML' && JSON.stringify(e.args ?? {}).includes(origin)).map((e) => e.pid));
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && pids.has(e.pid))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events
    .filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // the end of the page's load event (the last MarkLoad of a main frame in that renderer)
  const loadEnd = Math.max(...events.filter((e) => e.name === 'MarkLoad' && pids.has(e.pid)).map((e) => e.ts));
  const outermost = (pick: (e: TraceEvent) => boolean) => {
    let end = -1;
    let wall = 0;
    let cpu = 0;
    let loadCpu = 0;
    for (const e of onMain) {
      if (!pick(e) || e.ts < end) continue;
      end = e.ts + (e.dur ?? 0);
      wall += e.dur ?? 0;
      cpu += e.tdur ?? e.dur ?? 0;
      if (e.ts < loadEnd) loadCpu += e.tdur ?? e.dur ?? 0;
    }
    return { wall: wall / 1000, cpu: cpu / 1000, loadCpu: loadCpu / 1000 };
  };
  return {
    task: outermost((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
    script: outermost((e) => JS_EVENTS.has(e.name)),
  };
}

/** scriptLoadCpu: the part of scriptCpu that ran before the end of the load event (it delays the load) */
type Metric = 'scriptCpu' | 'scriptLoadCpu' | 'scriptWall' | 'taskCpu' | 'taskWall';
export interface MainThreadResult {
  runs: number;
  /** per variant (`none`, `eum`, and every other script), medians in ms per page load and the difference to `none` */
  variants: Record<string, Record<Metric, { median: number; added: number }>>;
}

/**
 * Main-thread cost of eum.js: the same page loaded N times without a script, with eum.js and with each other
 * script (rotating order, fresh context each time): load + 500 ms + hide (so the page-load beacon and the
 * flush run) under a Chromium trace. Summed on the renderer main thread: outermost JavaScript events (compile,
 * evaluate, callbacks) and all top-level tasks, as wall time and as thread CPU time (`tdur`, which a busy
 * machine inflates least).
 */
export async function measureMainThread(
  runs: number,
  scripts: Record<string, string>,
  mode: 'cold' | 'warm' = 'cold',
  eums: Record<string, string> = { eum: readFileSync(EUM, 'utf8') },
): Promise<MainThreadResult> {
  const { server, origin } = await serve(scripts, eums);
  const names = ['none', ...Object.keys(eums), ...Object.keys(scripts)];
  const browser = await chromium.launch({
    executablePath: execFileSync('which', ['chromium']).toString().trim(),
    args: ARGS,
    headless: true,
  });
  const samples: Record<string, Array<Record<Metric, number>>> = Object.fromEntries(names.map((n) => [n, []]));
  // warm: one context per variant (a returning visitor: HTTP cache, V8 code cache, storage), primed by 3 loads
  const warm = new Map<string, BrowserContext>();
  try {
    if (mode === 'warm') {
      for (const n of names) {
        const ctx = await browser.newContext();
        warm.set(n, ctx);
        for (let k = 0; k < 3; k++) {
          const p = await ctx.newPage();
          await p.goto(`${origin}/p/${n}`, { waitUntil: 'load' });
          await p.waitForTimeout(200);
          await p.close();
        }
      }
    }
    for (let i = 0; i < runs + 1; i++) {
      const order = names.map((_, k) => names[(k + i) % names.length]);
      for (const kind of order) {
        const ctx = warm.get(kind) ?? (await browser.newContext());
        const p = await ctx.newPage();
        await p.goto('about:blank');
        await browser.startTracing(p, {
          categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute'],
        });
        await p.goto(`${origin}/p/${kind}`, { waitUntil: 'load' });
        await p.waitForTimeout(500);
        await p.evaluate(() => {
          Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await p.waitForTimeout(100);
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
        const t = sumTrace(trace.traceEvents, origin);
        // the first round warms up the browser and the server
        if (i > 0)
          samples[kind].push({
            scriptCpu: t.script.cpu,
            scriptLoadCpu: t.script.loadCpu,
            scriptWall: t.script.wall,
            taskCpu: t.task.cpu,
            taskWall: t.task.wall,
          });
        if (warm.has(kind)) await p.close();
        else await ctx.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const metrics = ['scriptCpu', 'scriptLoadCpu', 'scriptWall', 'taskCpu', 'taskWall'] as const;
  const base = Object.fromEntries(metrics.map((m) => [m, median(samples.none.map((x) => x[m]))]));
  const variants: MainThreadResult['variants'] = {};
  for (const n of names) {
    variants[n] = Object.fromEntries(
      metrics.map((m) => {
        const v = median(samples[n].map((x) => x[m]));
        return [m, { median: round(v), added: round(v - base[m]) }];
      }),
    ) as Record<Metric, { median: number; added: number }>;
  }
  return { runs, variants };
}

const round = (x: number) => Math.round(x * 100) / 100;
