/**
 * Long fuzz run (issue 20): every target of test/fuzz for >= 1M executions (`--executions`, default 1,000,000), each
 * in its own child process (a hang or crash of one target is caught by a watchdog and reported, the others go
 * on), with a random seed per target (printed; replay a finding with ARGUS_FUZZ_SEED). Inputs with an outcome not
 * seen before are offered to the corpus (`--grow-corpus`: up to 20 per target, <= 16 KiB each), and each target
 * ends with the timing check of the issue: the 20 slowest inputs re-timed in CPU time (median of 5) and scaled to 1 MiB,
 * plus one ~1 MiB structured input where the target has a generator. Writes bench/results/fuzz.md.
 *
 *   node --import tsx bench/fuzz/run.ts [--executions 1000000] [--only otlp-] [--grow-corpus]
 *
 * Coverage-guided by default (test/fuzz/guided.ts: V8 block coverage of the repository's code as feedback; an input
 * that reaches new code joins the pool that is mutated); `--plain` runs the fast-check harness without the feedback
 * (coverage is measured in both, so the two can be compared on the same budget).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runChild, type ChildReport } from './child.js';

const here = fileURLToPath(new URL('.', import.meta.url));

if (process.env.ARGUS_FUZZ_CHILD) {
  await runChild(process.env.ARGUS_FUZZ_CHILD);
  process.exit(0);
}
// imported here, not above: a child measures the coverage of the targets' modules from their first line
const { TARGETS } = await import('../../test/fuzz/targets/index.js');

const opts = new Command()
  .option('--executions <n>', 'executions per target', (v) => Number(v), 1_000_000)
  .option('--max-seconds <n>', 'stop a target after this many seconds of fuzzing even below --executions', (v) => Number(v))
  .option('--only <prefix>', 'targets whose name starts with this')
  .option('--grow-corpus', 'write inputs kept for new coverage (plain: with new outcomes) to test/fuzz/corpus/<target>/')
  .option('--plain', 'no coverage feedback: the fast-check harness alone')
  .option('--watchdog-seconds <n>', 'a target producing no progress line for this long is a hang', (v) => Number(v), 120)
  .parse()
  .opts<{ executions: number; maxSeconds?: number; only?: string; growCorpus?: boolean; plain?: boolean; watchdogSeconds: number }>();

interface Row extends Partial<ChildReport> {
  target: string;
  problem?: string;
}

function runTargetInChild(name: string): Promise<Row> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-warnings', '--stack-size=984', '--import', 'tsx', join(here, 'run.ts')], {
      env: {
        ...process.env,
        ARGUS_FUZZ_CHILD: name,
        ARGUS_FUZZ_EXECUTIONS: String(opts.executions),
        ARGUS_FUZZ_MAX_SECONDS: String(opts.maxSeconds ?? Infinity),
        ARGUS_FUZZ_GROW: opts.growCorpus ? '1' : '',
        ARGUS_FUZZ_PLAIN: opts.plain ? '1' : '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last: ChildReport | undefined;
    let buf = '';
    let timer = setTimeout(hang, opts.watchdogSeconds * 1000);
    function hang() {
      child.kill('SIGKILL');
      resolve({ ...last, target: name, problem: `no progress for ${opts.watchdogSeconds} s: hang (killed)` });
    }
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        last = JSON.parse(line) as ChildReport;
        clearTimeout(timer);
        timer = setTimeout(hang, opts.watchdogSeconds * 1000);
        process.stderr.write(`  ${name}: ${last.executions.toLocaleString('en')} executions${last.done ? ' (done)' : ''}\n`);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (last?.done) resolve({ ...last, target: name });
      else resolve({ ...last, target: name, problem: `child exited (${String(signal ?? code)}) before finishing: crash` });
    });
  });
}

const started = new Date();
const load0 = loadavg()[0];
const rows: Row[] = [];
for (const t of TARGETS) {
  if (opts.only && !t.name.startsWith(opts.only)) continue;
  process.stderr.write(`${t.name}\n`);
  rows.push(await runTargetInChild(t.name));
}
const load1 = loadavg()[0];

const fmt = (n: number | undefined, d = 0) => (n === undefined ? '–' : n.toLocaleString('en', { maximumFractionDigits: d }));
const slowCell = (r: Row) =>
  r.slowPerMiBMs === undefined
    ? '–'
    : `${fmt(r.slowPerMiBMs, 1)} ms${r.slowInput ? ` (${fmt(r.slowInput.ms, 2)} ms, ${fmt(r.slowInput.bytes)} B)` : ''}`;
const lines = [
  '# Fuzzing (issue 20)',
  '',
  `\`node --import tsx bench/fuzz/run.ts --executions ${opts.executions}${opts.maxSeconds ? ` --max-seconds ${opts.maxSeconds}` : ''}${opts.only ? ` --only ${opts.only}` : ''}${opts.plain ? ' --plain' : ''}\`, ${started.toISOString()},`,
  `load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end (2 cores, shared).`,
  '',
  opts.plain
    ? 'fast-check-driven random fuzzing (structure-aware generators + byte mutation of the committed corpus), **without** coverage feedback (--plain).'
    : "Coverage-guided: fast-check-driven inputs (structure-aware generators + byte mutation) from a pool that grows by every input reaching new code (V8 block coverage of the repository's modules; test/fuzz/guided.ts).",
  'Each target in its own process with a watchdog. "covered lines": source lines of the repository\'s code that any input reached, of the lines with code in the files reached (V8 block coverage through the source maps, measured in both modes), and the source positions reached by inputs (finer: blocks within a line);',
  '"kept": inputs added to the pool for new coverage; "documented errors": inputs refused with the',
  'surface\'s documented error (a 4xx); "outcomes": distinct outcome signatures seen (a rough stand-in for coverage);',
  '"slowest, per MiB": the 20 slowest inputs (per byte) re-timed in CPU time (median of 5, the surface\'s own work as for',
  "the 1 MiB input) and scaled to 1 MiB (size floor 1 KiB), with that input's own time and size: for inputs of a few KiB",
  'this is the per-call cost scaled up, not a hang; "longest": the longest of those re-timed inputs, in CPU ms;',
  '"1 MiB input": CPU time of one structured input of about 1 MiB from the generator (the issue\'s bound: 100 ms): the',
  "surface's own work, without a property check that decodes with a reference decoder (shown beside it where timed apart),",
  "median of 5, in a fresh child before fuzzing (as in service) and again after fuzzing (the harness's heap adds GC time).",
  '',
  '| target | executions | exec/s | findings | covered lines of lines (files); positions | kept | known (reported) | documented errors | outcomes | slowest, per MiB | longest | 1 MiB input | seconds | seed |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.target} | ${fmt(r.executions)} | ${r.executions && r.seconds ? fmt(r.executions / r.seconds) : '–'} | ${r.problem ? `**${r.problem}**` : r.findings?.length ? `**${r.findings.length}**` : '0'} | ${r.coveredLines === undefined ? '–' : `${fmt(r.coveredLines)} of ${fmt(r.coverableLines)} (${fmt(r.coveredFiles)}); ${fmt(r.coveredPositions)}`} | ${fmt(r.kept)} | ${fmt(r.knownViolations)} | ${fmt(r.documentedErrors)} | ${fmt(r.outcomes)} | ${slowCell(r)} | ${r.slowestMs === undefined ? '–' : `${fmt(r.slowestMs, 2)} ms`} | ${r.bigInput ? `${r.bigInput.freshMs === undefined ? '' : `${fmt(r.bigInput.freshMs, 1)} ms fresh, `}${fmt(r.bigInput.ms, 1)} ms after fuzzing (${fmt(r.bigInput.bytes / 1024)} KiB${r.bigInput.checkedMs === undefined ? '' : `; ${fmt(r.bigInput.checkedMs, 1)} ms with the property check`})` : '–'} | ${fmt(r.seconds)} | ${r.seed ?? '–'} |`,
  ),
  '',
  ...rows.flatMap((r) => (r.findings ?? []).map((f) => `- ${r.target}: ${f.split('\n')[0]} (saved as ${f.split('\n').at(-1) ?? ''})`)),
  '',
];
const out = join(here, '..', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, opts.plain ? 'fuzz-plain.md' : 'fuzz.md'), lines.join('\n'));
process.stdout.write(lines.join('\n'));
