/**
 * Coverage-guided fuzzing: the harness's inputs (a pool entry mutated byte-wise, a generated message, raw bytes),
 * with the pool growing by every input that reached code no earlier input reached (V8 block coverage, coverage.ts),
 * so mutation builds on what got deeper, as libFuzzer and Jazzer.js do.
 *
 * Inputs run in batches of 500 with one coverage take after each; a batch that covered something new is split in
 * halves, re-run and taken again, down to the single inputs that did (an input is kept when it adds coverage beyond
 * what is covered once the inputs before it are kept). Whatever a batch covered is merged afterwards, so code reached
 * only by state (a first call, a cache filling) is not searched again. A finding is reduced by deleting ranges of
 * bytes while it still fails the same way (no fast-check shrinking here: the inputs are not drawn by a property).
 */
import fc from 'fast-check';
import type { CoverageFeedback } from './coverage.js';
import {
  describeError,
  inputPool,
  inputsFrom,
  readCorpus,
  recorder,
  runOne,
  type FuzzTarget,
  type RunOptions,
  type RunStats,
} from './harness.js';

export interface GuidedStats extends RunStats {
  /** source positions of the code under test covered so far (all runs of this fuzzer) */
  covered: number;
  /** inputs added to the pool so far because they covered something new */
  added: number;
}

export interface GuidedFuzzer {
  /** the inputs mutation starts from: corpus, generated messages, and every input kept for new coverage */
  readonly pool: Buffer[];
  /** inputs kept for new coverage, in the order found */
  readonly kept: Buffer[];
  run(opts: RunOptions): GuidedStats;
}

const BATCH = 500;
/** a kept input larger than this is not added to the pool (mutating large inputs is slow) */
const KEEP_MAX_BYTES = 16 * 1024;

export function createGuidedFuzzer(target: FuzzTarget, coverage: CoverageFeedback, seed: number, poolSize = 100): GuidedFuzzer {
  const corpus = readCorpus(target.name);
  const pool = inputPool(target, corpus, seed, poolSize);
  const kept: Buffer[] = [];
  let round = 0;
  const quiet = (data: Buffer) => {
    try {
      runOne(target, data);
    } catch {
      /* a finding is the run's business; re-running only measures coverage */
    }
  };
  const keep = (data: Buffer) => {
    kept.push(data);
    if (data.length <= KEEP_MAX_BYTES) pool.push(data);
  };
  /** re-runs `items` (already known to cover something new together) to find the ones that do alone */
  const attribute = (items: Buffer[]) => {
    coverage.take();
    for (const d of items) quiet(d);
    const t = coverage.take();
    if (!t.fresh) return;
    if (items.length === 1) {
      t.merge();
      keep(items[0]);
      return;
    }
    const half = items.length >> 1;
    attribute(items.slice(0, half));
    attribute(items.slice(half));
  };

  let started = false;

  return {
    pool,
    kept,
    run(opts) {
      const { stats, exec, finish, t0 } = recorder(target, opts, seed);
      const deadline = t0 + (opts.seconds ?? Infinity) * 1000;
      const limit = opts.executions ?? 2 ** 31 - 1;
      if (!started) {
        // the starting pool first, as inputs (a corpus entry that fails is a finding), and its coverage merged so
        // the first batches are not credited with it
        started = true;
        coverage.take();
        for (const data of pool) {
          try {
            exec(data);
          } catch (e) {
            stats.findings.push({ target: target.name, input: data, error: `pool entry: ${describeError(e)}` });
            return { ...finish(), covered: coverage.covered(), added: kept.length };
          }
        }
        coverage.take().merge();
      }
      while (stats.executions < limit && performance.now() < deadline && !stats.findings.length) {
        const batch = fc.sample(inputsFrom(target, pool), { numRuns: Math.min(BATCH, limit - stats.executions), seed: seed + round++ });
        coverage.take();
        for (const data of batch) {
          try {
            exec(data);
          } catch (e) {
            const small = reduce(target, data, e);
            stats.findings.push({
              target: target.name,
              input: small,
              error: `${describeError(e)}\n(guided, seed ${seed}, round ${round})`,
            });
            break;
          }
        }
        const t = coverage.take();
        if (t.fresh) {
          const half = batch.length >> 1;
          attribute(batch.slice(0, half));
          attribute(batch.slice(half));
        }
        t.merge();
      }
      return { ...finish(), covered: coverage.covered(), added: kept.length };
    },
  };
}

const signature = (e: unknown) => (e instanceof Error ? `${e.name}:${e.message.replace(/\d+/g, 'N').slice(0, 80)}` : String(e));

/** the smallest input found by deleting ranges (halves down to single bytes) that still fails with the same error */
export function reduce(target: FuzzTarget, data: Buffer, error: unknown, budget = 2000): Buffer {
  const want = signature(error);
  const fails = (d: Buffer) => {
    try {
      runOne(target, d);
      return false;
    } catch (e) {
      return signature(e) === want;
    }
  };
  let best = data;
  for (let size = best.length >> 1; size >= 1 && budget > 0; size >>= 1) {
    for (let at = 0; at + size <= best.length && budget > 0;) {
      budget--;
      const candidate = Buffer.concat([best.subarray(0, at), best.subarray(at + size)]);
      if (fails(candidate)) best = candidate;
      else at += size;
    }
  }
  return best;
}
