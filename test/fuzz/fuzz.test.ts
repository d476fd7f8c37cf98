/**
 * Short fuzz run of every target (issue 20): the committed corpus (test/fuzz/corpus/<target>/) replayed, then a
 * few seconds of fast-check-driven inputs (structure-aware, mutated, random) from a fixed seed, so CI is
 * reproducible; `ARGUS_FUZZ_SEED` and `ARGUS_FUZZ_SECONDS` change both. A finding fails the test with the shrunk
 * input (hex) and is saved under test/fuzz/findings/. Long runs: bench/fuzz (>= 1M executions per target).
 */
import { describe, expect, it } from 'vitest';
import { readCorpus, runTarget, saveFinding } from './harness.js';
import { TARGETS } from './targets/index.js';

const SECONDS = Number(process.env.ARGUS_FUZZ_SECONDS ?? 2);
const SEED = Number(process.env.ARGUS_FUZZ_SEED ?? 20_2026);

describe('fuzz targets (short run)', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${target.covers}`, () => {
      const stats = runTarget(target, { seconds: SECONDS, seed: SEED });
      const report = stats.findings.map((f) => `${saveFinding(f)}\ninput (hex): ${f.input.toString('hex').slice(0, 2000)}\n${f.error}`);
      expect(report).toEqual([]);
      expect(stats.executions).toBeGreaterThan(readCorpus(target.name).length);
    });
  }
});
