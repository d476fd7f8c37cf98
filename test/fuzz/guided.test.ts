import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryCode, startCoverage } from './coverage.js';
import { createGuidedFuzzer } from './guided.js';
import { runTarget } from './harness.js';
import type { FuzzTarget } from './harness.js';

// one per thread: V8's counters are the isolate's (the repository's code, and this test's own target), started before
// the targets load so their top-level code counts as covered
const repository = repositoryCode(new URL('../..', import.meta.url).pathname);
const coverage = startCoverage((url) => url.endsWith('/magic-target.ts') || repository(url));
const { magicTarget } = await import('./magic-target.js');
const { TARGETS } = (await import('./targets/index.js')) as { TARGETS: readonly FuzzTarget[] };
coverage.markLoaded();
afterAll(() => coverage.stop());

describe('coverage feedback (V8 block coverage)', () => {
  it('counts code reached for the first time, and nothing when the same path runs again', () => {
    coverage.take();
    magicTarget.run(Buffer.from('F'));
    const first = coverage.take();
    expect(first.fresh).toBeGreaterThan(0);
    first.merge();
    magicTarget.run(Buffer.from('F'));
    expect(coverage.take().fresh).toBe(0);
    magicTarget.run(Buffer.from('FU'));
    expect(coverage.take().fresh).toBeGreaterThan(0);
  });
});

describe('coverage-guided fuzzing', () => {
  it('reaches a crash behind four nested comparisons, keeps each step, and reduces the input', () => {
    const fuzzer = createGuidedFuzzer(magicTarget, coverage, 7);
    const stats = fuzzer.run({ executions: 2_000_000 });
    expect(stats.findings).toHaveLength(1);
    expect(stats.findings[0].error).toContain('reached FUZZ');
    expect(stats.findings[0].input.toString()).toBe('FUZZ');
    // the steps were kept as they were found: an input starting F, FU, FUZ
    const prefixes = ['F', 'FU', 'FUZ'].map((p) => fuzzer.kept.some((k) => k.subarray(0, p.length).toString() === p));
    expect(prefixes).toEqual([true, true, true]);
    // the report maps coverage back to the TypeScript lines: every line of the target ran but the one it cannot reach
    const magic = coverage.coveredLines().uncovered.find((f) => f.file.endsWith('/magic-target.ts'));
    const source = readFileSync(new URL('./magic-target.ts', import.meta.url), 'utf8').split('\n');
    expect(magic?.lines.map((l) => source[l - 1].trim())).toEqual(["throw new RangeError('too long');"]);
  });

  it('the same budget without the feedback does not get there (the difference the guidance makes)', () => {
    const stats = runTarget(magicTarget, { executions: 200_000, seed: 7 });
    expect(stats.findings).toEqual([]);
  });
});

describe('coverage-guided fuzzing of a real target', () => {
  it('keeps inputs of otlp-traces-protobuf that reach decoder code the corpus did not', () => {
    const target = TARGETS.find((t) => t.name === 'otlp-traces-protobuf')!;
    const fuzzer = createGuidedFuzzer(target, coverage, 11, 20);
    fuzzer.run({ executions: 0 }); // the corpus and generated pool alone
    const before = coverage.covered();
    const stats = fuzzer.run({ executions: 2000 });
    expect(stats.findings).toEqual([]);
    expect(stats.covered).toBeGreaterThan(before);
    expect(fuzzer.kept.length).toBeGreaterThan(0);
    // the kept inputs joined the pool that is mutated
    const small = fuzzer.kept.filter((k) => k.length <= 16 * 1024);
    expect(fuzzer.pool.slice(fuzzer.pool.length - small.length)).toEqual(small);
    const { lines, files } = coverage.coveredLines();
    expect(files).toBeGreaterThan(5);
    expect(lines).toBeGreaterThan(500);
  });
});
