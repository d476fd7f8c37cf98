/**
 * Overload (issue 20): a collector process offered `--factor` times what it sustained a moment before, open loop,
 * never retrying; statuses, Retry-After, RSS, recovery and exact stored counts (see overload-run.ts).
 *
 *   node --import tsx bench/chaos/overload.ts [--capacity-seconds 10] [--overload-seconds 60] [--factor 10] [--in-flight 2048] [--cpus 0.4]
 *
 * `--cpus`: the collector held to that many CPUs' worth of time (a cgroup CFS quota, cpu-limit.ts; root), as if on a
 * smaller machine than the load: beside an unlimited collector the generator on this 2-core machine offers only
 * ~2.4x. Writes bench/results/chaos-overload.md (with `--cpus`: chaos-overload-cpus.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runOverload } from './overload-run.js';

const o = new Command()
  .option('--capacity-seconds <n>', 'closed-loop phase that measures the sustained rate', Number, 10)
  .option('--overload-seconds <n>', 'open-loop overload phase', Number, 60)
  .option('--factor <n>', 'offered rate as a multiple of the sustained rate', Number, 10)
  .option('--spans <n>', 'spans per request', Number, 1000)
  .option('--in-flight <n>', 'connections the overload client may hold open', Number, 2048)
  .option('--cpus <n>', "hold the collector to this many CPUs' worth of time (cgroup quota, root)", Number)
  .parse()
  .opts<{ capacitySeconds: number; overloadSeconds: number; factor: number; spans: number; inFlight: number; cpus?: number }>();

const r = await runOverload({
  capacitySeconds: o.capacitySeconds,
  overloadSeconds: o.overloadSeconds,
  factor: o.factor,
  spansPerRequest: o.spans,
  maxInFlight: o.inFlight,
  cpus: o.cpus,
});
const cpusArg = o.cpus ? ` --cpus ${o.cpus}` : '';
const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
const lines = [
  '# Chaos: overload (issue 20)',
  '',
  `\`node --import tsx bench/chaos/overload.ts --capacity-seconds ${o.capacitySeconds} --overload-seconds ${o.overloadSeconds} --factor ${o.factor} --spans ${o.spans} --in-flight ${o.inFlight}${cpusArg}\`,`,
  `${new Date().toISOString()}, load average ${r.load0.toFixed(1)} -> ${r.load1.toFixed(1)} (2 cores; the load generator shares them with the collector${o.cpus ? `, held to ${o.cpus} CPUs by a cgroup quota` : ''}).`,
  '',
  '| measure | value |',
  '|---|---|',
  `| sustained (4 closed-loop senders, ${o.capacitySeconds} s) | ${k(r.sustained)} spans/s |`,
  ...(o.cpus
    ? [
        `| collector CPU use (limit ${o.cpus}): sustained phase / overload | ${r.cpu.capacity.toFixed(2)} / ${r.cpu.overload.toFixed(2)} CPUs |`,
      ]
    : []),
  `| asked to offer | ${o.factor}x = ${k(r.sustained * o.factor)} spans/s |`,
  `| actually offered (the generator's own limit on this machine) | ${k(r.offeredPerSecond)} spans/s = **${(r.offeredPerSecond / r.sustained).toFixed(1)}x** |`,
  `| overload answers | ${JSON.stringify(r.overload.statuses)}; 429/503 without Retry-After: ${r.overload.refusedWithoutRetryAfter} |`,
  `| probe (10 spans every 250 ms) during and after | ${JSON.stringify(r.probe.statuses)} |`,
  `| RSS idle / max at capacity / max in overload / 5 s after | ${Math.round(r.rss.idle)} / ${Math.round(r.rss.capacityMax)} / ${Math.round(r.rss.overloadMax)} / ${Math.round(r.rss.after)} MB |`,
  `| acknowledged spans (capacity + overload + probe) | ${r.acknowledged} |`,
  `| stored rows / distinct span ids | ${r.storedRows} / ${r.storedIds} (lost ${r.acknowledged - r.storedIds}, duplicates ${r.storedRows - r.storedIds}) |`,
  `| recovery: first probe sent after the load acknowledged | ${Math.round(r.recoveryMs)} ms after the load ended |`,
  `| everything acknowledged stored and queryable | ${(r.allStoredMs / 1000).toFixed(1)} s after the load ended |`,
  '',
];
mkdirSync(new URL('../results', import.meta.url), { recursive: true });
writeFileSync(new URL(`../results/chaos-overload${o.cpus ? '-cpus' : ''}.md`, import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
