/**
 * bench/ui: the web UI's budgets, measured in headless Chromium against a real collector (embedded ClickHouse)
 * filled through the real OTLP ingest. Writes bench/results/ui.md.
 *   node --import tsx bench/ui/run.ts [--runs 3] [--no-layouts] [--only map,trace,chart,infra,bundle,layouts]
 * With --only, the parts asked for are measured and printed; bench/results/ui.md is written by full runs only.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../../demo/src/load/visitor.js';
import { chartRun, mapRun, newPage, type ChartRun, type MapKey, type MapRun } from './browser-measure.js';
import { routeBundles } from './bundle.js';
import { breakdown, fmtBreakdown, responseFinished, traced, type Breakdown } from './cdp-trace.js';
import { partsFromArgs, startFixture } from './fixture.js';
import { infraMapRun, type InfraMapRun } from './infra-map.js';
import { compareLayouts, type LayoutRow } from './layouts.js';
import { renderReport } from './report.js';
import { traceRun, type TraceRun } from './trace-measure.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const parts = partsFromArgs(args);
if (args.includes('--no-layouts')) parts.delete('layouts');
const full = !args.includes('--only');
// ARGUS_UI_DIR: another build to measure (the collector serves it too), e.g. a previous revision's for a before/after
const dist = process.env.ARGUS_UI_DIR || fileURLToPath(new URL('../../ui/dist', import.meta.url));
if (!existsSync(`${dist}/.vite/manifest.json`)) throw new Error('ui/dist is not built: run `pnpm --filter @argus/ui build`');
const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('Chromium not found (apt-get install chromium)');
const load0 = loadavg()[0];

const bundles = routeBundles(dist);
const fx = await startFixture(parts);
const { c } = fx;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await newPage(browser, c.adminToken);
const maps: Record<MapKey, MapRun[]> = { '200': [], '1000': [], '200-first': [], '1000-first': [] };
const mapUrl = (w: { from: number; to: number }) => `${c.apiUrl}/map?from=${w.from}&to=${w.to}`;
// a first visit: a new browser context, so no HTTP cache and no compiled code from an earlier load
const SETTLE_MS = Number(process.env.ARGUS_BENCH_SETTLE_MS ?? 2000);
const firstVisit = async (url: string, nodes: number, edges: number) => {
  const fresh = await newPage(browser, c.adminToken);
  try {
    // a new window makes headless Chromium load its own omnibox UI in another renderer (~1 s of CPU on this machine,
    // cdp traces of the first visits show it beside the page): not the app's cost, and a user's open browser has it
    // loaded, so the window settles before the visit (the visit itself still finds no cache and no compiled code)
    await fresh.goto('about:blank');
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    return await mapRun(fresh, url, nodes, edges);
  } finally {
    await fresh.context().close();
  }
};
// the repeat-visit runs below all find the app cached: one load first, not measured
if (parts.has('map')) await mapRun(page, mapUrl(fx.w200), fx.s200.nodes, fx.s200.edges);
const traces: TraceRun[] = [];
const infra: InfraMapRun[] = [];
const charts: ChartRun[] = [];
for (let i = 0; i < runs; i++) {
  if (parts.has('map')) {
    maps['200-first'].push(await firstVisit(mapUrl(fx.w200), fx.s200.nodes, fx.s200.edges));
    maps['1000-first'].push(await firstVisit(mapUrl(fx.w1000), fx.s1000.nodes, fx.s1000.edges));
    maps['200'].push(await mapRun(page, mapUrl(fx.w200), fx.s200.nodes, fx.s200.edges));
    maps['1000'].push(await mapRun(page, mapUrl(fx.w1000), fx.s1000.nodes, fx.s1000.edges));
  }
  if (parts.has('trace')) traces.push(await traceRun(page, `${c.apiUrl}/traces/${fx.traceId}`));
  if (parts.has('infra')) infra.push(await infraMapRun(page, `${c.apiUrl}/infrastructure?allProcesses=true`, fx.infraHosts * 20));
  const map = { map200: maps['200'][i], map1000: maps['1000'][i], first200: maps['200-first'][i], first1000: maps['1000-first'][i] };
  console.log('run', i + 1, JSON.stringify({ ...map, trace: traces[i], infra: infra[i] }));
}
// one more run of each view under a CDP trace: where the main thread's time goes after the API answer
const profiles: Record<string, Breakdown> = {};
const profile = async (name: string, apiPath: string, action: () => Promise<unknown>) => {
  const { events } = await traced(page, action);
  profiles[name] = breakdown(events, responseFinished(events, apiPath));
  console.log(`profile ${name}:`, fmtBreakdown(profiles[name]));
};
if (parts.has('map')) {
  await profile('map200', '/api/v1/dependency-map', () => mapRun(page, mapUrl(fx.w200), fx.s200.nodes, fx.s200.edges));
  await profile('map1000', '/api/v1/dependency-map', () => mapRun(page, mapUrl(fx.w1000), fx.s1000.nodes, fx.s1000.edges));
}
if (parts.has('trace')) await profile('trace', '/api/v1/traces/', () => traceRun(page, `${c.apiUrl}/traces/${fx.traceId}`));
if (parts.has('chart')) {
  for (let i = 0; i < runs; i++) {
    charts.push(await chartRun(page, `${c.apiUrl}/services/steady?live=1h`, 15));
    console.log('chart', JSON.stringify(charts[i]));
  }
  // the run with the median chart cost per update is reported
  charts.sort((a, b) => a.chartJsMs + a.chartFrameMs - (b.chartJsMs + b.chartFrameMs));
}
await browser.close();
await c.destroy();
const layouts: LayoutRow[] = parts.has('layouts')
  ? compareLayouts([
      [200, 600],
      [1000, 3000],
    ])
  : [];
const load1 = loadavg()[0];

const md = renderReport({
  runs,
  load0,
  load1,
  bundles,
  fx,
  maps,
  traces,
  infra,
  chart: charts[Math.floor(charts.length / 2)],
  layouts,
  parts,
  profiles,
});
if (full) writeFileSync(fileURLToPath(new URL('../results/ui.md', import.meta.url)), md);
console.log(md);
process.exit(0);
