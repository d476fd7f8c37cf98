/**
 * Where a first visit of the dependency map spends its time: a new browser context (no HTTP cache, no code cache)
 * opens /map for the 200-service graph under a CDP trace with V8's compile events. Prints the timeline from
 * navigation (each script's download, the API answer, the first node painted) and the main thread's self time by
 * kind, with compilation apart from execution, per script. Printed only.
 *   node --import tsx bench/ui/cold-profile.ts [--runs 3] [--size 200|1000]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../../demo/src/load/visitor.js';
import { mapRun, newPage } from './browser-measure.js';
import { breakdown, fmtBreakdown, mainThread, traced, type TraceEvent } from './cdp-trace.js';
import { startFixture } from './fixture.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const big = args[args.indexOf('--size') + 1] === '1000';
const dist = process.env.ARGUS_UI_DIR || fileURLToPath(new URL('../../ui/dist', import.meta.url));
if (!existsSync(`${dist}/.vite/manifest.json`)) throw new Error('ui/dist is not built');
const fx = await startFixture(new Set(['map']));
const browser = await chromium.launch({
  executablePath: findChromium()!,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const w = big ? fx.w1000 : fx.w200;
const s = big ? fx.s1000 : fx.s200;
const url = `${fx.c.apiUrl}/map?from=${w.from}&to=${w.to}`;
const COMPILE = ['disabled-by-default-v8.compile', 'v8'];

for (let i = 0; i < runs; i++) {
  const page = await newPage(browser, fx.c.adminToken);
  // as in run.ts: the new window loads headless Chromium's own omnibox UI first; let it settle before the visit
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, Number(process.env.ARGUS_BENCH_SETTLE_MS ?? 2000)));
  const { result, events } = await traced(page, () => mapRun(page, url, s.nodes, s.edges), COMPILE);
  await page.context().close();
  report(result.total, events);
}
await browser.close();
await fx.c.destroy();
process.exit(0);

function report(total: number, events: TraceEvent[]) {
  const nav = events.find((e) => e.name === 'navigationStart' && (e.args?.data as { isLoadingMainFrame?: boolean })?.isLoadingMainFrame);
  const t0 = nav?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const ms = (ts: number) => ((ts - t0) / 1000).toFixed(0);
  const { pid, tid } = mainThread(events);
  console.log(`\n=== first visit: ${total.toFixed(0)} ms from navigation to the map painted`);
  // each request: sent, finished (trace clock)
  const sends = events.filter((e) => e.name === 'ResourceSendRequest' && e.ts >= t0);
  for (const sEv of sends) {
    const d = sEv.args?.data as { url: string; requestId: string };
    const fin = events.find((e) => e.name === 'ResourceFinish' && (e.args?.data as { requestId?: string })?.requestId === d.requestId);
    console.log(
      `  ${ms(sEv.ts).padStart(5)} -> ${(fin ? ms(fin.ts) : '?').padStart(5)} ms  ${d.url.replace(/^https?:\/\/[^/]+/, '').slice(0, 70)}`,
    );
  }
  // compile vs run per script on the main thread (V8 compile events carry the script's URL)
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= t0);
  const per = new Map<string, { compile: number; evaluate: number }>();
  const add = (u: string, k: 'compile' | 'evaluate', us: number) => {
    const name = u.replace(/^.*\//, '') || '(inline)';
    const r = per.get(name) ?? { compile: 0, evaluate: 0 };
    r[k] += us / 1000;
    per.set(name, r);
  };
  for (const e of main) {
    const d = e.args?.data as { url?: string } | undefined;
    const u = d?.url ?? (e.args as { fileName?: string } | undefined)?.fileName ?? '';
    if (/compile/i.test(e.name) && e.name !== 'v8.compile' && !/Lazy/.test(e.name)) add(u, 'compile', e.dur ?? 0);
    else if (e.name === 'v8.compile' || /Lazy/.test(e.name)) add(u, 'compile', e.dur ?? 0);
    else if (e.name === 'EvaluateScript' || e.name === 'v8.evaluateModule') add(u, 'evaluate', e.dur ?? 0);
  }
  for (const [n, r] of [...per].sort((a, b) => b[1].compile + b[1].evaluate - a[1].compile - a[1].evaluate).slice(0, 12))
    console.log(`  ${n.padEnd(40)} compile ${r.compile.toFixed(0).padStart(4)} ms  evaluate ${r.evaluate.toFixed(0).padStart(4)} ms`);
  // the long tasks on the main thread: when, how long, and what ran in them (the largest nested events)
  const xs = main.sort((a, b) => a.ts - b.ts);
  for (let i = 0; i < xs.length; i++) {
    const top = xs[i];
    if (top.name !== 'RunTask' || (top.dur ?? 0) < 15_000) continue;
    const end = top.ts + (top.dur ?? 0);
    const inner = xs.filter((e) => e !== top && e.ts >= top.ts && e.ts < end && (e.dur ?? 0) > 5_000);
    const what = inner
      .filter((e) => !/^(RunTask|ThreadControllerImpl|V8.GC_|v8.run)/.test(e.name))
      .slice(0, 4)
      .map((e) => {
        const d = e.args?.data as { url?: string; functionName?: string } | undefined;
        const tag = (d?.functionName || d?.url?.replace(/^.*\//, '') || '').slice(0, 30);
        return `${e.name}${tag ? `(${tag})` : ''} ${((e.dur ?? 0) / 1000).toFixed(0)}`;
      });
    console.log(`  task at ${ms(top.ts).padStart(5)} ms: ${((top.dur ?? 0) / 1000).toFixed(0).padStart(4)} ms  ${what.join(' | ')}`);
  }
  const names = new Map<string, number>();
  for (const e of main) names.set(e.name, (names.get(e.name) ?? 0) + 1);
  console.log(
    `  event kinds: ${[...names]
      .filter(([n]) => /compile|parse|Script|module/i.test(n))
      .map(([n, c]) => `${n} x${c}`)
      .join(', ')}`,
  );
  console.log(`  main thread, navigation to painted: ${fmtBreakdown(breakdown(events, t0, t0 + total * 1000), 16)}`);
}
