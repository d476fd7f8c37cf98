/** Markdown results for bench/results/agent.md. */
import { median, percentile, type Sample } from './measure.js';

export interface Row {
  name: string;
  samples: Sample[];
  cpuSeconds: number;
  elapsed: number;
}

const MB = 1024 * 1024;
const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

export function renderReport(r: {
  rows: Row[];
  notes: string[];
  seconds: number;
  warmup: number;
  processCount: number;
  cores: number;
  load: number[];
  command: string;
}): string {
  const lines = [
    '## Agent overhead (bench/agent)',
    '',
    `Command: \`${r.command}\``,
    '',
    `${new Date().toISOString()}: ${r.seconds} s measured per process after ${r.warmup} s warm-up, 1-second samples from /proc/<pid>/stat and status; ` +
      `${r.processCount} processes on the host; ${r.cores} cores; load average at the end ${r.load.map((x) => x.toFixed(2)).join(' ')}. ` +
      'The machine is shared with other agents building and testing at the same time, so absolute numbers are noisy; all rows ran in the same window.',
    '',
    '| process | CPU median (% of one core) | CPU mean | CPU p95 | RSS median (MB) | RSS max (MB) |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    const cpu = row.samples.map((s) => s.cpuPct);
    const rss = row.samples.map((s) => s.rss / MB);
    const mean = (row.cpuSeconds / row.elapsed) * 100;
    lines.push(
      `| ${row.name} | ${f(median(cpu))} | ${f(mean)} | ${f(percentile(cpu, 95))} | ${f(median(rss), 1)} | ${f(Math.max(...rss), 1)} |`,
    );
  }
  const ne = r.rows.find((x) => x.name.startsWith('prometheus-node-exporter'));
  for (const agent of r.rows.filter((x) => x.name.startsWith('argus agent'))) {
    const mean = (agent.cpuSeconds / agent.elapsed) * 100;
    const rssMax = Math.max(...agent.samples.map((s) => s.rss)) / MB;
    lines.push('', `Targets, ${agent.name}:`, `- CPU <= 1% of one core (mean): ${f(mean)}% -> ${mean <= 1 ? 'met' : 'NOT met'}`);
    lines.push(`- RSS <= 60 MB (max): ${f(rssMax, 1)} MB -> ${rssMax <= 60 ? 'met' : 'NOT met'}`);
    if (ne) {
      const neMean = (ne.cpuSeconds / ne.elapsed) * 100;
      lines.push(
        `- less CPU than node_exporter at 1-s scrapes: agent/node_exporter mean CPU ratio ${f(mean / neMean)} -> ${mean < neMean ? 'met' : 'NOT met'}`,
      );
    }
  }
  lines.push('', 'Notes:', ...r.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
