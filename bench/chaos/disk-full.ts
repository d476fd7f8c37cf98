/**
 * Disk-full chaos (issue 20): the collector's data directory (embedded ClickHouse + write-ahead log) on a
 * size-limited tmpfs this script mounts (needs root), a client sending OTLP spans at a fixed rate, then the
 * filesystem filled with a filler file for `--full-seconds`, then the filler removed. Measured: what ingest answers
 * while full (expected 503 + Retry-After), whether the query API keeps answering, how long until ingest is
 * acknowledged again after space returns, and whether every acknowledged span is stored exactly once.
 *
 *   node --import tsx bench/chaos/disk-full.ts [--size-mb 512] [--full-seconds 30] [--rps 10] [--spans 20]
 *
 * Writes bench/results/chaos-disk-full.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runDiskFull } from './disk-full-run.js';

const o = new Command()
  .option('--size-mb <n>', 'tmpfs size', Number, 512)
  .option('--full-seconds <n>', 'how long the disk stays full', Number, 30)
  .option('--rps <n>', 'requests per second', Number, 10)
  .option('--spans <n>', 'spans per request', Number, 20)
  .parse()
  .opts<{ sizeMb: number; fullSeconds: number; rps: number; spans: number }>();

const { lines } = await runDiskFull(o);
mkdirSync(new URL('../results', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/chaos-disk-full.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
