/**
 * Where the live chart's main-thread time goes: the service dashboard in live mode over the last hour (3,600 points
 * per series), a V8 CPU profile (CDP Profiler) of the page for `--seconds`, summarized as self time per function
 * (best read against an unminified build: `vite build --minify false --outDir <dir>` and ARGUS_UI_DIR=<dir>).
 *   ARGUS_UI_DIR=<dist> node --import tsx bench/ui/chart-profile.ts [--seconds 10] [--top 40]
 */
import { chromium } from 'playwright-core';
import { findChromium } from '../../demo/src/load/visitor.js';
import { chartRun, newPage } from './browser-measure.js';
import { breakdown, fmtBreakdown, traced } from './cdp-trace.js';
import { startFixture } from './fixture.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const seconds = opt('--seconds', 10);
const top = opt('--top', 40);

const fx = await startFixture(new Set(['chart']));
const browser = await chromium.launch({
  executablePath: findChromium() ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = await newPage(browser, fx.c.adminToken);
  const url = `${fx.c.apiUrl}/services/steady?live=1h`;
  // the usual measure first (same numbers as run.ts --only chart), then the same page under the sampling profiler
  console.log('chart', JSON.stringify(await chartRun(page, url, seconds)));
  const last = await page.evaluate(() => (window as unknown as { __chart: Array<{ start: number; ms: number }> }).__chart.slice(-6));
  console.log('last chart measures (start, ms):', last.map((m) => `${m.start.toFixed(1)} ${m.ms.toFixed(2)}`).join(' | '));
  const { events } = await traced(page, () => page.waitForTimeout(seconds * 1000));
  console.log('trace, whole page:', fmtBreakdown(breakdown(events), 25));
  if (args.includes('--detail')) {
    // what the renderer does inside its tasks beyond the timeline's events (blink, cc, toplevel, skia)
    const more = await traced(page, () => page.waitForTimeout(seconds * 1000), ['toplevel', 'blink', 'cc', 'skia', 'gpu', 'v8']);
    console.log('trace with blink/cc/skia:', fmtBreakdown(breakdown(more.events), 40));
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(seconds * 1000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const rows = [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
  const busy = rows.reduce((s, [, ms]) => s + ms, 0);
  console.log(`busy ${busy.toFixed(0)} ms in ${seconds} s (${(busy / seconds).toFixed(1)} ms per second), self time by function:`);
  for (const [k, ms] of rows.slice(0, top)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
} finally {
  await browser.close();
  await fx.c.destroy();
}
process.exit(0);
