/**
 * EUM benchmark: size of eum.js next to the browser SDKs of peers (installed from npm into a temp dir, bundled
 * with the same esbuild settings), and the main-thread time eum.js adds to a page load in Chromium.
 *
 *   node --import tsx bench/eum/run.ts            (EUM_BENCH_RUNS=15 by default)
 *   EUM_BASELINE=<git ref> node --import tsx bench/eum/run.ts   also measures eum.js as built at that commit
 *
 * Writes bench/results/eum.md.
 */
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildEumAt } from './baseline.js';
import { measureMainThread } from './main-thread.js';
import { installPeers } from './peers.js';
import { measure, measureSizes } from './sizes.js';

const SIZE_TARGET = 6 * 1024;
const TIME_TARGET_MS = 5;
const runs = Number(process.env.EUM_BENCH_RUNS ?? 15);

const kb = (b: number) => (b / 1024).toFixed(1);
const load = () => loadavg()[0].toFixed(1);

// measure the current sources: rebuild sensors/eum/dist/eum.js (what the collector serves)
execFileSync(process.execPath, [fileURLToPath(new URL('../../sensors/eum/build.mjs', import.meta.url))], { stdio: 'inherit' });
const { dir, versions } = installPeers();
const loadBefore = load();
const sizes = await measureSizes(dir, versions);
const eum = sizes[0];
const baseline = process.env.EUM_BASELINE ? buildEumAt(process.env.EUM_BASELINE) : undefined;
const baseName = baseline && `eum@${baseline.commit}`;
if (baseline) sizes.splice(1, 0, measure(`Argus eum.js before (${baseline.commit})`, baseline.commit, baseline.code));
const webVitals = sizes.find((r) => r.name.startsWith('web-vitals'))!;
const others = { 'empty-script': 'window.__x = 1;', 'web-vitals': webVitals.code };
const eums: Record<string, string> = { eum: readFileSync(new URL('../../sensors/eum/dist/eum.js', import.meta.url), 'utf8') };
if (baseline) eums[baseName!] = baseline.code;
const cold = await measureMainThread(runs, others, 'cold', eums);
const warm = await measureMainThread(runs, others, 'warm', eums);
const loadAfter = load();

const lines = [
  '## EUM browser script (issue 7)',
  '',
  `Command: \`flock /tmp/argus-bench.lock${baseline ? ` env EUM_BASELINE=${baseline.commit}` : ''} node --import tsx bench/eum/run.ts\` (EUM_BENCH_RUNS=${runs}), ${new Date().toISOString()}, ${cpus().length} cores,`,
  `load average ${loadBefore} before / ${loadAfter} after: the machine is shared with other agents, so times are inflated and noisy`,
  '(the thread-CPU figures are the least affected).',
  '',
  '### Size: minified + compressed, every script bundled by the same esbuild call (bundle, minify, IIFE, es2018)',
  '',
  '| script | version | minified KB | gzip -9 KB | brotli KB | gzip vs eum.js |',
  '|---|---|---:|---:|---:|---:|',
  ...sizes.map(
    (r) =>
      `| ${r.name} | ${r.version} | ${kb(r.minBytes)} | ${kb(r.gzipBytes)} | ${kb(r.brotliBytes)} | ${(r.gzipBytes / eum.gzipBytes).toFixed(1)}x |`,
  ),
  '',
  `eum.js: ${eum.gzipBytes} B gzipped, target <= ${SIZE_TARGET} B: ${eum.gzipBytes <= SIZE_TARGET ? 'met' : 'NOT met'}.`,
  "Peer entries are each SDK's documented init call (see bench/eum/peers.ts); web-vitals only reports the five vitals.",
  '',
  `### Main-thread time added to a page load (Chromium headless, ${runs} loads per variant and mode, medians)`,
  '',
  'Page: 200 paragraphs, an image, a stylesheet and one fetch; load + 500 ms + hide (so the page-load beacon,',
  "vitals and the flush all run). Summed on the page's renderer main thread from a Chromium trace: outermost",
  'JavaScript events (compile, evaluate, callbacks, timers, event handlers) and all top-level tasks, as wall time',
  'and as thread CPU time; "until load" is the JS thread-CPU of events that started before the end of the load',
  'event (what delays the load), the rest runs after it (page-load beacon, hide + flush). Variants in the same',
  'run, interleaved (rotating order): no script; a deferred one-statement script (control: what loading any script',
  `costs); eum.js with its snippet${baseline ? `; eum.js as built at ${baseline.commit} (before), same snippet` : ''}; web-vitals (the five vitals sent`,
  'with sendBeacon, nothing else) as the smallest peer. Cold = a new browser context per load (first visit); warm =',
  'one context per variant primed by 3 loads (returning visitor: HTTP cache, V8 code cache, the session in localStorage).',
  '',
  ...(['cold', 'warm'] as const).flatMap((mode) => {
    const mt = mode === 'cold' ? cold : warm;
    return [
      `${mode}:`,
      '',
      '| variant | JS thread-CPU ms (added) | until load (added) | JS wall ms (added) | all tasks thread-CPU ms (added) | all tasks wall ms (added) |',
      '|---|---:|---:|---:|---:|---:|',
      ...Object.entries(mt.variants).map(
        ([n, v]) =>
          `| ${n} | ${v.scriptCpu.median} (${v.scriptCpu.added}) | ${v.scriptLoadCpu.median} (${v.scriptLoadCpu.added}) | ${v.scriptWall.median} (${v.scriptWall.added}) | ${v.taskCpu.median} (${v.taskCpu.added}) | ${v.taskWall.median} (${v.taskWall.added}) |`,
      ),
      '',
    ];
  }),
  `Target <= ${TIME_TARGET_MS} ms added: eum.js adds ${cold.variants.eum.scriptCpu.added} ms (cold) / ${warm.variants.eum.scriptCpu.added} ms (warm) of JavaScript`,
  `thread-CPU (${Math.max(cold.variants.eum.scriptCpu.added, warm.variants.eum.scriptCpu.added) <= TIME_TARGET_MS ? 'met' : 'NOT met'} on this machine), ${cold.variants.eum.scriptLoadCpu.added} / ${warm.variants.eum.scriptLoadCpu.added} ms of it until the load event;`,
  `web-vitals alone adds ${cold.variants['web-vitals'].scriptCpu.added} / ${warm.variants['web-vitals'].scriptCpu.added} ms.` +
    (baseName ? ` Before (${baseName}): ${cold.variants[baseName].scriptCpu.added} / ${warm.variants[baseName].scriptCpu.added} ms.` : ''),
  'Wall times include waiting for the CPU on this loaded machine.',
  '',
];
writeFileSync(new URL('../results/eum.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
