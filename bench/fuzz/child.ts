/**
 * One target's long run, in a child process of bench/fuzz/run.ts: chunks of 20,000 executions or 15 s (each with its
 * own seed, derived from the run's seed) so progress is reported for the watchdog, then the timing check.
 * ARGUS_FUZZ_SLOW_DUMP=<file> appends each re-timed input over 5 ms (time and text) to that file;
 * ARGUS_FUZZ_UNCOVERED=<file> appends the lines no input reached, per file, as a JSON line.
 */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';
import { repositoryCode, startCoverage } from '../../test/fuzz/coverage.js';
import { createGuidedFuzzer } from '../../test/fuzz/guided.js';
import { runOne, runTarget, saveFinding, writeCorpusEntry, type RunOptions, type RunStats } from '../../test/fuzz/harness.js';

export interface ChildReport {
  executions: number;
  documentedErrors: number;
  knownViolations: number;
  outcomes: number;
  seconds: number;
  seed: number;
  /** first line of each finding's error + the file it was saved to */
  findings: string[];
  slowPerMiBMs?: number;
  /** the input behind slowPerMiBMs: its own CPU ms and size */
  slowInput?: { ms: number; bytes: number };
  /** the longest CPU time of any re-timed input (the bound's plain reading: no input of up to 1 MiB over 100 ms) */
  slowestMs?: number;
  /** ms: the surface's own work (`time` where the target has one); checkedMs: `run` with its property checks */
  bigInput?: { bytes: number; ms: number; checkedMs?: number; freshMs?: number };
  /** coverage-guided (the default) or not (--plain); coverage is measured either way */
  guided: boolean;
  /** source lines of the repository's code covered (V8 block coverage), of the lines with code in those files */
  coveredLines?: number;
  coverableLines?: number;
  /** source positions (characters of the compiled modules) that inputs reached: finer than lines */
  coveredPositions?: number;
  coveredFiles?: number;
  /** inputs kept for new coverage (guided) */
  kept?: number;
  done: boolean;
}

/** a chunk ends after this many executions or seconds, whichever comes first (progress for the watchdog) */
const CHUNK = 20_000;
const CHUNK_SECONDS = 15;

/** CPU time (user + system) of one call in ms: on a shared 2-core machine wall time mostly measures the neighbours */
function time(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

export async function runChild(name: string): Promise<void> {
  // coverage from before the targets' modules load, so their top-level code counts; paused for the timings
  const coverage = startCoverage(repositoryCode(fileURLToPath(new URL('../..', import.meta.url))));
  const { TARGETS } = await import('../../test/fuzz/targets/index.js');
  coverage.markLoaded();
  coverage.pause();
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no target ${name}`);
  const total = Number(process.env.ARGUS_FUZZ_EXECUTIONS ?? 1_000_000);
  const grow = process.env.ARGUS_FUZZ_GROW === '1';
  const guided = process.env.ARGUS_FUZZ_PLAIN !== '1';
  const seed = Number(process.env.ARGUS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const report: ChildReport = {
    executions: 0,
    documentedErrors: 0,
    knownViolations: 0,
    outcomes: 0,
    seconds: 0,
    seed,
    findings: [],
    guided,
    done: false,
  };
  const outcomes = new Set<string>();
  const novel: Buffer[] = [];
  const slowest: RunStats['slowest'] = [];
  const print = () => process.stdout.write(`${JSON.stringify(report)}\n`);
  const maxSeconds = Number(process.env.ARGUS_FUZZ_MAX_SECONDS ?? Infinity);
  // the surface's own work on the ~1 MiB input in a fresh heap first (as in service: after a million executions the
  // harness's own heap adds garbage-collection time to every call), again after fuzzing below
  const own = target.time ?? ((data: Buffer) => void runOne(target, data));
  const big = target.big?.();
  let freshMs: number | undefined;
  if (big) {
    for (let i = 0; i < 3; i++) time(() => own(big));
    freshMs = median(Array.from({ length: 5 }, () => time(() => own(big))));
  }
  coverage.resume();
  const fuzzer = guided ? createGuidedFuzzer(target, coverage, seed) : undefined;
  for (let chunk = 0; report.executions < total && report.seconds < maxSeconds && report.findings.length === 0; chunk++) {
    const opts: RunOptions = {
      executions: Math.min(CHUNK, total - report.executions),
      seconds: CHUNK_SECONDS,
      seed: seed + chunk * 1000,
      collectNovel: 50,
      keepSlowest: 20,
    };
    const s = fuzzer ? fuzzer.run(opts) : runTarget(target, opts);
    if (!fuzzer) coverage.take().merge();
    report.executions += s.executions;
    report.documentedErrors += s.documentedErrors;
    report.knownViolations += s.knownViolations;
    report.seconds += s.seconds;
    for (const n of s.novel) {
      const key = (() => {
        try {
          return runOne(target, n).outcome;
        } catch {
          return 'finding';
        }
      })();
      if (!outcomes.has(key)) {
        outcomes.add(key);
        if (n.length <= 16 * 1024) novel.push(n);
      }
    }
    report.outcomes = outcomes.size;
    slowest.push(...s.slowest);
    slowest.sort((a, b) => b.msPerMiB - a.msPerMiB).splice(20);
    for (const f of s.findings) report.findings.push(`${f.error.split('\n')[0]}\n${saveFinding(f)}`);
    print();
    await new Promise((r) => setImmediate(r));
  }
  const lines = coverage.coveredLines();
  report.coveredLines = lines.lines;
  report.coverableLines = lines.coverable;
  report.coveredPositions = coverage.covered();
  report.coveredFiles = lines.files;
  const uncoveredDump = process.env.ARGUS_FUZZ_UNCOVERED;
  if (uncoveredDump) appendFileSync(uncoveredDump, `${JSON.stringify({ target: name, uncovered: lines.uncovered })}\n`);
  report.kept = fuzzer?.kept.length;
  coverage.stop();
  // the timing bound: re-time the slowest inputs (median of 5, so a GC pause or the shared machine does not count),
  // the surface's own work as for the 1 MiB input (`time` where the target has one: not its reference decoders)
  let worst = 0;
  let longest = 0;
  for (const { data } of slowest) {
    const ms = median(
      Array.from({ length: 5 }, () =>
        time(() => {
          try {
            own(data);
          } catch {
            /* a documented error is an outcome; a finding is reported by the run itself */
          }
        }),
      ),
    );
    const perMiB = (ms * 1024 * 1024) / Math.max(1024, data.length);
    if (perMiB > worst) {
      worst = perMiB;
      report.slowInput = { ms, bytes: data.length };
    }
    longest = Math.max(longest, ms);
    const dump = process.env.ARGUS_FUZZ_SLOW_DUMP;
    if (dump && ms > 5) appendFileSync(dump, `${ms.toFixed(1)} ${JSON.stringify(data.toString())}\n`);
  }
  report.slowPerMiBMs = worst;
  report.slowestMs = longest;
  if (big) {
    const ms = median(Array.from({ length: 5 }, () => time(() => own(big))));
    const checkedMs = target.time ? median(Array.from({ length: 5 }, () => time(() => void runOne(target, big)))) : undefined;
    report.bigInput = { bytes: big.length, ms, checkedMs, freshMs };
  }
  if (grow) {
    // guided: the inputs kept for new coverage, smallest first; plain: inputs with a new outcome
    const entries = fuzzer ? [...fuzzer.kept].filter((k) => k.length <= 16 * 1024).sort((a, b) => a.length - b.length) : novel;
    for (const n of entries.slice(0, fuzzer ? 40 : 20)) writeCorpusEntry(target.name, n);
  }
  report.done = true;
  print();
}
