/**
 * Restart chaos (issue 20): the collector (a separate process, embedded storage, ARGUS_INGEST_ACK default = wal)
 * is SIGKILLed 20 s after each time it became healthy, for `--seconds`, while a client sends OTLP spans at a fixed
 * rate (fresh ids per request, no retries). Then the last collector is stopped, the data directory opened once more
 * (the write-ahead log replays), and every span id is counted: each acknowledged span must be stored exactly once.
 *
 *   node --import tsx bench/chaos/collector-kill.ts [--seconds 300] [--every 20] [--rps 20] [--spans 50]
 *
 * Writes bench/results/chaos-collector-kill.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { quantile } from '../fuzz/stats.js';
import { runCollectorKill } from './collector-kill-run.js';

const o = new Command()
  .option('--seconds <n>', 'how long the kill loop runs', Number, 300)
  .option('--every <n>', 'SIGKILL this many seconds after each start', Number, 20)
  .option('--rps <n>', 'requests per second', Number, 20)
  .option('--spans <n>', 'spans per request', Number, 50)
  .parse()
  .opts<{ seconds: number; every: number; rps: number; spans: number }>();

{
  const r = await runCollectorKill(o);
  const lines = [
    '# Chaos: collector SIGKILL loop (issue 20)',
    '',
    `\`node --import tsx bench/chaos/collector-kill.ts --seconds ${o.seconds} --every ${o.every} --rps ${o.rps} --spans ${o.spans}\`,`,
    `${new Date().toISOString()}, load average ${r.load0.toFixed(1)} -> ${r.load1.toFixed(1)} (2 cores, shared).`,
    '',
    '| kills | load | requests | statuses | spans acknowledged | acknowledged and stored | lost | duplicate rows | rows stored | restart to healthy (median / max) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${r.kills} in ${Math.round(r.seconds)} s | ${o.rps} req/s x ${o.spans} spans | ${r.stats.requests} | ${JSON.stringify(r.stats.statuses)} | ${r.stats.acked.size} | ${r.count.ackedStored} | ${r.count.lost} | ${r.count.duplicateRows} | ${r.count.rows} | ${Math.round(quantile(r.restartsMs, 0.5))} / ${Math.round(Math.max(...r.restartsMs))} ms |`,
    '',
  ];
  mkdirSync(new URL('../results', import.meta.url), { recursive: true });
  writeFileSync(new URL('../results/chaos-collector-kill.md', import.meta.url), lines.join('\n'));
  console.log(lines.join('\n'));
  process.exit(0);
}
