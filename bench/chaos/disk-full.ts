/**
 * Disk-full chaos (issue 20): the collector's data directory (embedded ClickHouse + write-ahead log) on a
 * size-limited tmpfs this script mounts (needs root), a client sending OTLP spans at a fixed rate, then the
 * filesystem filled with a filler file for `--full-seconds`, then the filler removed. Measured: what ingest answers
 * while full (expected 503 + Retry-After), whether the query API keeps answering, how long until ingest is
 * acknowledged again after space returns, and whether every acknowledged span is stored exactly once.
 * `--runs` repeats it (what goes wrong under a full disk depends on timing), `--busy` keeps that many busy-loop
 * processes running meanwhile (a loaded machine, as in CI, where a loss was first seen).
 *
 *   node --import tsx bench/chaos/disk-full.ts [--size-mb 512] [--full-seconds 30] [--rps 10] [--spans 20] [--runs 1] [--busy 0] [--keep-detached DIR]
 *
 * Writes bench/results/chaos-disk-full.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runDiskFull } from './disk-full-run.js';

const o = new Command()
  .option('--size-mb <n>', 'tmpfs size', Number, 512)
  .option('--full-seconds <n>', 'how long the disk stays full', Number, 30)
  .option('--rps <n>', 'requests per second', Number, 10)
  .option('--spans <n>', 'spans per request', Number, 20)
  .option('--runs <n>', 'how many times', Number, 1)
  .option('--busy <n>', 'busy-loop processes running meanwhile', Number, 0)
  .option('--keep-detached <dir>', 'when spans were lost: copy the parts ClickHouse detached into this directory')
  .parse()
  .opts<{ sizeMb: number; fullSeconds: number; rps: number; spans: number; runs: number; busy: number; keepDetached?: string }>();

// each busy loop ends by itself once this script is gone (killed before it could stop them)
const busyLoop =
  'const p = process.ppid; for (;;) { let x = 0; for (let i = 0; i < 1e6; i++) x += i; if (process.ppid !== p) process.exit(0); }';
const out: string[] = [];
const summary: string[] = [];
for (let run = 1; run <= o.runs; run++) {
  const hogs: ChildProcess[] = Array.from({ length: o.busy }, () => spawn(process.execPath, ['-e', busyLoop], { stdio: 'ignore' }));
  try {
    const keepDetached = o.keepDetached ? `${o.keepDetached}/run-${run}` : undefined;
    if (keepDetached) mkdirSync(keepDetached, { recursive: true });
    const r = await runDiskFull({ ...o, keepDetached });
    if (o.runs > 1) out.push(`## Run ${run} of ${o.runs}${o.busy ? `, ${o.busy} busy-loop processes` : ''}`, '');
    out.push(...r.lines);
    summary.push(
      `| ${run} | ${r.acked.size} | ${r.count.ackedStored} | ${r.count.lost} | ${r.count.duplicateRows} | ${r.recoveredMs} | ${r.repaired} |`,
    );
    console.log(r.lines.join('\n'));
    if (keepDetached && r.count.lost > 0)
      writeFileSync(
        `${keepDetached}/why.json`,
        JSON.stringify(
          { lostIds: r.count.lostIds, detached: r.detached, walLeft: r.walLeft, quarantined: r.quarantined, problems: r.problems },
          null,
          1,
        ),
      );
  } finally {
    for (const h of hogs) h.kill('SIGKILL');
  }
}
if (o.runs > 1)
  out.unshift(
    `# Chaos: disk full, ${o.runs} runs (issue 20)`,
    '',
    `\`node --import tsx bench/chaos/disk-full.ts --size-mb ${o.sizeMb} --full-seconds ${o.fullSeconds} --rps ${o.rps} --spans ${o.spans} --runs ${o.runs} --busy ${o.busy}\``,
    '',
    '| run | spans acknowledged | stored | lost | duplicate rows | acknowledged again after (ms) | broken parts repaired |',
    '|---|---|---|---|---|---|---|',
    ...summary,
    '',
  );
mkdirSync(new URL('../results', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/chaos-disk-full.md', import.meta.url), out.join('\n'));
process.exit(0);
