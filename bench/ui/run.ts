/**
 * bench/ui: the web UI's budgets, measured in headless Chromium against a real collector (embedded ClickHouse)
 * filled through the real OTLP ingest. Writes bench/results/ui.md.
 *   node --import tsx bench/ui/run.ts [--runs 3] [--no-layouts]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startTestCollector } from '../../collector/testing/index.js';
import { findChromium } from '../../demo/src/load/visitor.js';
import { chartRun, mapRun, newPage, traceRun } from './browser-measure.js';
import { routeBundles } from './bundle.js';
import { infraFleet, infraMapRun, sendFleet } from './infra-map.js';
import { compareLayouts } from './layouts.js';
import { bigTrace, graphTraces, send, serviceGraph, steadyTraffic } from './synthetic.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const dist = fileURLToPath(new URL('../../ui/dist', import.meta.url));
if (!existsSync(`${dist}/.vite/manifest.json`)) throw new Error('ui/dist is not built: run `pnpm --filter @argus/ui build`');
const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('Chromium not found (apt-get install chromium)');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 1 : 0) : '–');
const kb = (b: number) => `${(b / 1000).toFixed(1)} KB`;
const load0 = loadavg()[0];

// 1. bundles
const bundles = routeBundles(dist);

// 2. data through the real ingest: two graphs in separate windows, a 10,000-span trace, one hour of 1 s traffic
const c = await startTestCollector({});
const now = Date.now();
const g200 = serviceGraph(200, 600, 'small');
const g1000 = serviceGraph(1000, 3000, 'large');
const w200 = { from: now - 50 * 60_000, to: now - 44 * 60_000 };
const w1000 = { from: now - 40 * 60_000, to: now - 34 * 60_000 };
const big = bigTrace(10_000, now - 30 * 60_000);
console.log('ingesting…');
await send(c.ingestUrl, c.ingestKey, graphTraces(g200, w200.from + 30_000, 4 * 60_000));
await send(c.ingestUrl, c.ingestKey, graphTraces(g1000, w1000.from + 30_000, 4 * 60_000));
await send(c.ingestUrl, c.ingestKey, big.spans, 2500);
await send(c.ingestUrl, c.ingestKey, steadyTraffic('steady', 3600, now));
// the infrastructure map: 500 hosts x 20 blocks through the agent endpoint
const INFRA_HOSTS = 500;
await sendFleet(c.ingestUrl, c.ingestKey, infraFleet(INFRA_HOSTS));
const api = async <T>(path: string) => (await (await fetch(`${c.apiUrl}/api/v1${path}`)).json()) as T;
const edgesIn = async (w: { from: number; to: number }) =>
  (await api<{ edges: unknown[] }>(`/dependency-map?from=${w.from}&to=${w.to}`)).edges.length;
for (let i = 0; i < 240 && ((await edgesIn(w200)) < 600 || (await edgesIn(w1000)) < 3000); i++)
  await new Promise((r) => setTimeout(r, 1000));
console.log(`resolved: ${await edgesIn(w200)} / 600 and ${await edgesIn(w1000)} / 3000 edges`);
// a service the generator never connected has no spans, so the map holds what the API returns
const shape = async (w: { from: number; to: number }) => {
  const m = await api<{ nodes: unknown[]; edges: unknown[] }>(`/dependency-map?from=${w.from}&to=${w.to}`);
  return { nodes: m.nodes.length, edges: m.edges.length };
};
const s200 = await shape(w200);
const s1000 = await shape(w1000);

// 3. Chromium
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
const maps: Record<string, Awaited<ReturnType<typeof mapRun>>[]> = { '200': [], '1000': [] };
const traces: Awaited<ReturnType<typeof traceRun>>[] = [];
const infra: Awaited<ReturnType<typeof infraMapRun>>[] = [];
for (let i = 0; i < runs; i++) {
  maps['200'].push(await mapRun(page, `${c.apiUrl}/map?from=${w200.from}&to=${w200.to}`, s200.nodes, s200.edges));
  maps['1000'].push(await mapRun(page, `${c.apiUrl}/map?from=${w1000.from}&to=${w1000.to}`, s1000.nodes, s1000.edges));
  traces.push(await traceRun(page, `${c.apiUrl}/traces/${big.traceId}`));
  infra.push(await infraMapRun(page, `${c.apiUrl}/infrastructure?allProcesses=true`, INFRA_HOSTS * 20));
  console.log('run', i + 1, JSON.stringify({ map200: maps['200'][i], map1000: maps['1000'][i], trace: traces[i], infra: infra[i] }));
}
const chart = await chartRun(page, `${c.apiUrl}/services/steady?live=1h`, 15);
console.log('chart', JSON.stringify(chart));
await browser.close();
await c.destroy();
const layouts = args.includes('--no-layouts')
  ? []
  : compareLayouts([
      [200, 600],
      [1000, 3000],
    ]);
const load1 = loadavg()[0];

// 4. report
const m = (k: '200' | '1000', field: 'total' | 'afterData' | 'layoutMs' | 'apiMs') => median(maps[k].map((x) => x[field]));
const t = (field: 'total' | 'afterData' | 'apiMs' | 'clickToDetails' | 'nextErrorMs') => median(traces.map((x) => x[field]));
const im = (field: 'total' | 'afterData' | 'apiMs') => median(infra.map((x) => x[field]));
const md = `# Web UI benchmark (issues 14 and 15)

\`node --import tsx bench/ui/run.ts --runs ${runs}\` (\`pnpm bench ui\`), ${new Date().toISOString().slice(0, 16)} UTC, load average
${load0.toFixed(1)} at start and ${load1.toFixed(1)} at the end on the shared 2-core VM (other engineers' builds and tests were running: absolute
times are inflated; medians of ${runs} runs). Headless Debian Chromium (playwright-core) against a collector with embedded ClickHouse, every
span sent through the real OTLP/JSON ingest and resolved into calls by the real resolver. Times are from navigation start (cold page load:
HTML, JavaScript, API answer, layout, render) and, separately, from the API answer's arrival.

## JavaScript per route (gzipped, level 9)

Every route loads the entry chunk plus its own lazy chunk and their shared imports. Peers' published sizes: Jaeger UI ~1.5 MB gzipped,
SigNoz's entry chunk 0.9-1.9 MB.

| route | JavaScript (gz) | raw | files | vs Jaeger UI 1.5 MB | vs SigNoz 0.9 MB |
|---|---:|---:|---:|---:|---:|
${bundles.routes.map((r) => `| \`${r.route}\` | **${kb(r.gz)}** | ${kb(r.raw)} | ${r.files} | ${((r.gz / 1.5e6) * 100).toFixed(0)} % | ${((r.gz / 0.9e6) * 100).toFixed(0)} % |`).join('\n')}

Entry chunk alone (frame, router, query client): ${kb(bundles.entryGz)}. The map's layout worker (${kb(bundles.workerGz)}) is loaded by the map route only and runs off the main thread (not counted above).
Budget: first route <= 250 KB gzipped: **${bundles.routes[0].gz <= 250_000 ? 'met' : 'NOT met'}** (${kb(bundles.routes[0].gz)}).

## Dependency map first render

| graph | from navigation (median) | from API answer (median) | layout in worker | API answer | budget | verdict |
|---|---:|---:|---:|---:|---:|---|
| ${s200.nodes} services / ${s200.edges} edges (200/600 generated) | ${f(m('200', 'total'))} ms | ${f(m('200', 'afterData'))} ms | ${f(m('200', 'layoutMs'))} ms (${maps['200'][0].engine}) | ${f(m('200', 'apiMs'))} ms | < 500 ms | ${m('200', 'afterData') < 500 ? 'met (from data)' : 'not met'}${m('200', 'total') < 500 ? ', met from navigation' : ''} |
| ${s1000.nodes} services / ${s1000.edges} edges (1,000/3,000 generated) | ${f(m('1000', 'total'))} ms | ${f(m('1000', 'afterData'))} ms | ${f(m('1000', 'layoutMs'))} ms (${maps['1000'][0].engine}) | ${f(m('1000', 'apiMs'))} ms | < 1,500 ms | ${m('1000', 'afterData') < 1500 ? 'met (from data)' : 'not met'}${m('1000', 'total') < 1500 ? ', met from navigation' : ''} |

"Rendered" = every node and edge element in the DOM and two animation frames painted after it.

## Layered layout engines (node, same graphs, one process each)

${
  layouts.length
    ? `| engine | graph | time | edge crossings (straight segments) | total edge length | drawing |
|---|---|---:|---:|---:|---|
${layouts.map((l) => `| ${l.engine} | ${l.size} | ${l.ms === null ? (l.note ?? 'failed') : `${l.ms} ms`} | ${l.crossings ?? '–'} | ${l.edgeLength ?? '–'} | ${l.area} |`).join('\n')}`
    : '(skipped: --no-layouts)'
}

The UI ships dagre for maps up to 50 nodes and its own linear-time layered layout above (ui/src/features/map/fast-layered.ts),
both in the layout worker; ELK is not shipped (its bundle is ~10x dagre's and it was the slowest here).

## Trace view, 10,000 spans

| measure | median | budget |
|---|---:|---|
| from navigation to the waterfall painted | ${f(t('total'))} ms | < 1 s interactive |
| from the API answer to the waterfall painted (tree, self times, critical path, first rows) | ${f(t('afterData'))} ms | |
| API answer (GET /traces/:id, 10,000 spans) | ${f(t('apiMs'))} ms | |
| click on a span until its details are painted | ${f(t('clickToDetails'))} ms | |
| "Next error" until selected and scrolled | ${f(t('nextErrorMs'))} ms | |

Verdict: ${t('afterData') < 1000 ? 'met from the API answer' : 'not met from the API answer'}; ${t('total') < 1000 ? 'met from navigation' : 'from navigation the API answer dominates'}.

## Infrastructure map, ${INFRA_HOSTS} hosts x 20 blocks (issue 15)

${INFRA_HOSTS} agent reports (host, 4 containers with a Node.js process each, PostgreSQL, Redis and nginx processes with their technology
entities, one plain process) through POST /v1/agent/entities; the page \`/infrastructure?allProcesses=true\` until all
${infra[0]?.blocks ?? 0} blocks are in the DOM and painted (zones, one pillar per host, plain anchors, no per-block React handlers).

| measure | median | budget | verdict |
|---|---:|---|---|
| from navigation | ${f(im('total'))} ms | < 1,500 ms | ${im('total') < 1500 ? 'met' : `not met (${infra[0]?.blocks ?? 0} of ${INFRA_HOSTS * 20} blocks shown)`} |
| from the API answer | ${f(im('afterData'))} ms | | ${im('afterData') < 1500 ? 'met from data' : 'not met'} |
| API answer (GET /infrastructure/map, ${INFRA_HOSTS * 20} entities) | ${f(im('apiMs'))} ms | | |

## Live chart updates

Service dashboard in live mode over the last hour: ${chart.points} points per series, 5 series (calls, error rate, p50/p90/p99) in three
uPlot charts, refreshed every second with setData (no re-creation). Chromium main-thread task time (CDP TaskDuration) over 15 s,
divided by the number of KPI updates (${chart.updates}); it includes everything else the page re-renders each second (KPI tiles, tables,
latency distribution), so the charts' own share is lower.

| measure | per update | budget |
|---|---:|---|
| main-thread time, whole page | ${f(chart.mainThreadMsPerUpdate)} ms | < 10 ms for the chart |
| of which JavaScript | ${f(chart.scriptMsPerUpdate)} ms | |
`;
writeFileSync(fileURLToPath(new URL('../results/ui.md', import.meta.url)), md);
console.log(md);
process.exit(0);
