/**
 * Agent chaos (issue 20): the agent SIGKILLed with the collector up, the collector away for `--outage` seconds
 * while the agent samples every second (the issue: 10 minutes), and the agent SIGKILLed in the middle of that
 * outage; every stored second of the host's CPU metric is listed afterwards (see agent-chaos-run.ts).
 *
 *   node --import tsx bench/chaos/agent-chaos.ts [--outage 600] [--kill-after 60] [--agent-down 5]
 *
 * Writes bench/results/chaos-agent.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { runAgentChaos } from './agent-chaos-run.js';

const o = new Command()
  .option('--outage <n>', 'seconds the collector stays away', Number, 600)
  .option('--kill-after <n>', 'SIGKILL the agent this many seconds into the outage', Number, 60)
  .option('--agent-down <n>', 'seconds the agent stays dead each time', Number, 5)
  .parse()
  .opts<{ outage: number; killAfter: number; agentDown: number }>();

const r = await runAgentChaos({ outageSeconds: o.outage, killAgentAfterSeconds: o.killAfter, agentDownSeconds: o.agentDown });
const iso = (t: number) => new Date(t).toISOString().slice(11, 19);
const lines = [
  '# Chaos: agent SIGKILL and a collector outage (issue 20)',
  '',
  `\`node --import tsx bench/chaos/agent-chaos.ts --outage ${o.outage} --kill-after ${o.killAfter} --agent-down ${o.agentDown}\`,`,
  `${new Date().toISOString()}, load average ${r.load0.toFixed(1)} -> ${r.load1.toFixed(1)} (2 cores). The real agent process (host`,
  "sensor, 1-second samples) and a real collector process; seconds counted from the collector's data directory afterwards.",
  '',
  `Host CPU seconds stored: ${r.stored} from ${iso(r.first)} to ${iso(r.last)} UTC.`,
  '',
  '| fault | agent dead (kill -> first sample after restart) | sampled before the kill but lost | missing elsewhere |',
  '|---|---:|---:|---:|',
  ...r.deaths.map((d) => `| ${d.what} | ${d.downSeconds} s | ${d.lostBeforeKill} s | – |`),
  `| collector away ${Math.round((r.outage.to - r.outage.from) / 1000)} s (agent spooling to disk) | – | – | ${r.outage.secondsStored} of ${r.outage.secondsExpected} s stored afterwards; the ${r.outage.secondsExpected - r.outage.secondsStored} others are the agent's own death inside the outage (row above) |`,
  '',
  `Missing seconds outside the agent's deaths: **${r.missingElsewhere.length}**${r.missingElsewhere.length ? ` (${r.missingElsewhere.map(iso).join(', ')})` : ''}.`,
  `Spool replay after the collector came back: ${(r.spoolReplayMs / 1000).toFixed(1)} s until the first sample taken after it was stored (the agent's retry backoff is up to 30 s).`,
  '',
];
mkdirSync(new URL('../results', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/chaos-agent.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
process.exit(0);
