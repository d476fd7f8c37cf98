/** The collector SIGKILL loop of bench/chaos/collector-kill.ts, shared with its shorter test (test/chaos). */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCollector } from '../../collector/testing/index.js';
import {
  countStored,
  freePort,
  newCredentials,
  newLoadStats,
  sigkill,
  spanLoad,
  startCollectorProcess,
  type CollectorProcess,
} from './collector-process.js';

export interface KillOptions {
  seconds: number;
  every: number;
  rps: number;
  spans: number;
}

export async function runCollectorKill(opts: KillOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-chaos-kill-'));
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const creds = newCredentials();
  const start = () => startCollectorProcess({ dataDir, ingestPort, apiPort, ...creds });
  const load0 = loadavg()[0];
  let c: CollectorProcess = await start();
  const stats = newLoadStats();
  let stop = false;
  const service = 'chaos-kill';
  const loading = spanLoad({
    url: () => c.ingestUrl,
    key: creds.key,
    service,
    requestsPerSecond: opts.rps,
    spansPerRequest: opts.spans,
    stop: () => stop,
    stats,
  });
  const restartsMs: number[] = [];
  const t0 = Date.now();
  let kills = 0;
  while (Date.now() - t0 < opts.seconds * 1000) {
    await new Promise((s) => setTimeout(s, opts.every * 1000));
    await sigkill(c);
    kills++;
    const r0 = Date.now();
    c = await start();
    restartsMs.push(Date.now() - r0);
    process.stderr.write(`kill ${kills}: back in ${Date.now() - r0} ms, acked so far ${stats.acked.size}\n`);
  }
  // a last stretch without kills, then a clean stop (each step said on stderr: a stuck one shows where)
  const step = (what: string) => process.stderr.write(`collector-kill: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  await new Promise((s) => setTimeout(s, 5000));
  stop = true;
  await loading;
  step('load stopped, SIGTERM');
  c.child.kill('SIGTERM');
  const last = c;
  const slow = setInterval(() => step(`still stopping; its last log lines:\n${last.log.slice(-10).join('\n')}`), 20_000);
  await c.exited;
  clearInterval(slow);
  step(`collector exited (code ${String(c.child.exitCode)})`);
  const load1 = loadavg()[0];
  // open the data directory again in-process: the WAL replays, then count every span id
  const check = await startTestCollector({ dataDir });
  step('data directory opened in-process');
  let count = await countStored((sql) => check.deps.storage.query(sql), service, stats.acked);
  for (let i = 0; i < 60 && count.lost > 0; i++) {
    await new Promise((s) => setTimeout(s, 1000));
    count = await countStored((sql) => check.deps.storage.query(sql), service, stats.acked);
  }
  step(`counted (lost ${count.lost})`);
  await check.stop();
  step('stopped');
  rmSync(dataDir, { recursive: true, force: true });
  return { kills, restartsMs, stats, count, load0, load1, seconds: (Date.now() - t0) / 1000 };
}
