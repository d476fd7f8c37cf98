/**
 * The fuzzing harness every target runs under, in the test suite (seconds per target) and in bench/fuzz (>= 1M
 * executions per target).
 *
 * Inputs are drawn by fast-check from a seed that is printed on failure (replay with ARGUS_FUZZ_SEED):
 *   - the target's structure-aware generator (valid or nearly valid messages of its format),
 *   - a pool entry (committed corpus, test/fuzz/corpus/<target>/, or a generated input) mutated byte-wise (bit
 *     flips, interesting values, inserts, deletes, duplicated and spliced ranges, truncation, dictionary tokens),
 *   - raw random bytes.
 * `runTarget` is the plain run: a failing input is shrunk by fast-check to a small one and written to
 * test/fuzz/findings/. guided.ts runs the same inputs with coverage feedback (V8 block coverage, coverage.ts: an
 * input reaching new code joins the pool); @jazzer.js/core cannot load on this machine (its prebuilt addon needs
 * glibc 2.38 and libstdc++ 3.4.32, Debian 12 has 2.36 / 3.4.30; older releases build it by downloading a patched LLVM).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const FUZZ_DIR = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(FUZZ_DIR, 'corpus');

/** A property of the target that does not hold for an input (never a documented error). */
export class PropertyViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropertyViolation';
  }
}

/**
 * Violations already reported to the owning code's engineer and not fixed yet: recorded as an outcome
 * (`known:<id>`) instead of failing the run, so the rest of the target keeps being fuzzed. Remove when fixed.
 */
export const KNOWN_VIOLATIONS: ReadonlyArray<{ id: string; match: RegExp; owner: string }> = [];

export const violated = (message: string): never => {
  const known = KNOWN_VIOLATIONS.find((k) => k.match.test(message));
  throw known ? new KnownViolation(known.id, message) : new PropertyViolation(message);
};

export class KnownViolation extends Error {
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = 'KnownViolation';
  }
}

export interface FuzzTarget {
  name: string;
  /** what the target covers, for the report */
  covers: string;
  /** the documented failure: an error the surface answers with a 4xx or reports as a config error */
  documented(err: unknown): boolean;
  /** runs one input; returns a short outcome signature (for novelty), throws a documented error, or a finding */
  run(data: Buffer): string;
  /** structure-aware inputs */
  generate?: fc.Arbitrary<Buffer>;
  /** inputs to mutate when the corpus folder is empty */
  seeds?: () => Buffer[];
  /** tokens worth inserting (keywords, field tags) */
  dictionary?: readonly Buffer[];
  /** inputs are cut to this size (default 64 KiB) */
  maxBytes?: number;
  /** one structured input of about 1 MiB, for the timing bound (100 ms per MiB) */
  big?: () => Buffer;
  /**
   * The surface's own work on an input, without the property checks of `run`: set where `run` checks against a
   * reference decoder whose cost would otherwise be timed as the surface's (tracer-intake decodes the request twice
   * with protobufjs). The timing bound measures this when set, `run` otherwise.
   */
  time?: (data: Buffer) => void;
}

export interface Finding {
  target: string;
  input: Buffer;
  error: string;
  file?: string;
}

export function readCorpus(target: string): Buffer[] {
  const dir = join(CORPUS_DIR, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f)));
}

export function writeCorpusEntry(target: string, data: Buffer): string {
  const dir = join(CORPUS_DIR, target);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, createHash('sha1').update(data).digest('hex').slice(0, 16));
  writeFileSync(file, data);
  return file;
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x20, 0x0a, 0x22, 0x5c, 0x7b, 0x5b];

type Op =
  | { k: 'flip'; at: number; bit: number }
  | { k: 'set'; at: number; v: number }
  | { k: 'insert'; at: number; bytes: Uint8Array }
  | { k: 'delete'; at: number; len: number }
  | { k: 'dup'; at: number; len: number; to: number }
  | { k: 'splice'; at: number; other: number; from: number; len: number }
  | { k: 'truncate'; at: number }
  | { k: 'token'; at: number; token: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ k: fc.constant('set' as const), at: fc.nat(), v: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat(255)) }),
  fc.record({ k: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ k: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ k: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 256 }), to: fc.nat() }),
  fc.record({ k: fc.constant('splice' as const), at: fc.nat(), other: fc.nat(), from: fc.nat(), len: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ k: fc.constant('token' as const), at: fc.nat(), token: fc.nat() }),
);

/** Applies byte-level mutations to a copy of `base`. */
export function mutate(base: Buffer, ops: readonly Op[], pool: readonly Buffer[], dictionary: readonly Buffer[]): Buffer {
  let b = Buffer.from(base);
  for (const op of ops) {
    const at = b.length ? op.at % (b.length + 1) : 0;
    switch (op.k) {
      case 'flip':
        if (b.length) b[at % b.length] ^= 1 << op.bit;
        break;
      case 'set':
        if (b.length) b[at % b.length] = op.v;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), op.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + op.len)]);
        break;
      case 'dup': {
        const piece = b.subarray(at, at + op.len);
        const to = b.length ? op.to % (b.length + 1) : 0;
        b = Buffer.concat([b.subarray(0, to), piece, b.subarray(to)]);
        break;
      }
      case 'splice': {
        if (!pool.length) break;
        const o = pool[op.other % pool.length];
        const from = o.length ? op.from % o.length : 0;
        b = Buffer.concat([b.subarray(0, at), o.subarray(from, from + op.len), b.subarray(at)]);
        break;
      }
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'token':
        if (dictionary.length) b = Buffer.concat([b.subarray(0, at), dictionary[op.token % dictionary.length], b.subarray(at)]);
        break;
    }
  }
  return b;
}

/** The inputs mutation starts from: the corpus and a pool of generated messages (or the target's seeds). */
export function inputPool(target: FuzzTarget, corpus: readonly Buffer[], seed: number, poolSize = 100): Buffer[] {
  // generating a structured message costs far more than running it: mutate a pool of pre-generated ones mostly
  const generated = target.generate ? fc.sample(target.generate, { numRuns: poolSize, seed }).map((b) => cut(target, b)) : [];
  const pool = [...corpus, ...generated];
  if (!pool.length) pool.push(...(target.seeds?.() ?? [Buffer.alloc(0)]));
  return pool;
}

const cut = (target: FuzzTarget, b: Buffer) => {
  const max = target.maxBytes ?? 64 * 1024;
  return b.length > max ? b.subarray(0, max) : b;
};

/** The input arbitrary of a target: a pool entry mutated, a generated message, or raw bytes. */
export function inputsFrom(target: FuzzTarget, pool: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const dict = target.dictionary ?? [];
  const mutated = fc
    .tuple(fc.constantFrom(...pool), fc.array(opArb, { minLength: 1, maxLength: 8 }))
    .map(([b, ops]) => cut(target, mutate(b, ops, pool, dict)));
  const arbs: Array<fc.WeightedArbitrary<Buffer>> = [
    { arbitrary: mutated, weight: 12 },
    { arbitrary: fc.uint8Array({ maxLength: 512 }).map((u) => Buffer.from(u)), weight: 1 },
  ];
  if (target.generate) arbs.push({ arbitrary: target.generate.map((b) => cut(target, b)), weight: 2 });
  return fc.oneof(...arbs);
}

/** The input arbitrary of a target: generated, mutated (corpus or generated), or raw bytes. */
export function inputs(target: FuzzTarget, corpus: readonly Buffer[], seed: number, poolSize = 100): fc.Arbitrary<Buffer> {
  return inputsFrom(target, inputPool(target, corpus, seed, poolSize));
}

export interface RunStats {
  target: string;
  executions: number;
  documentedErrors: number;
  /** inputs that hit a known, reported violation (KNOWN_VIOLATIONS) */
  knownViolations: number;
  outcomes: number;
  maxMsPerInput: number;
  /** the slowest input's time in ms scaled to 1 MiB (size floor 1 KiB) */
  maxMsPerMiB: number;
  findings: Finding[];
  novel: Buffer[];
  /** the slowest inputs (per byte), when `keepSlowest` was asked */
  slowest: Array<{ msPerMiB: number; data: Buffer }>;
  seed: number;
  seconds: number;
}

export interface RunOptions {
  /** stop after this many inputs */
  executions?: number;
  /** or after this many seconds */
  seconds?: number;
  seed?: number;
  /** keep inputs whose outcome was new (long runs grow the corpus with them) */
  collectNovel?: number;
  /** pre-generated structured inputs to mutate (default 100) */
  poolSize?: number;
  /** keep this many of the slowest inputs (per byte) */
  keepSlowest?: number;
}

/** one input: the documented error counts as a normal outcome, anything else is a finding */
export function runOne(target: FuzzTarget, data: Buffer): { outcome: string; documented: boolean } {
  try {
    return { outcome: target.run(data), documented: false };
  } catch (e) {
    if (e instanceof KnownViolation) return { outcome: `known:${e.id}`, documented: false };
    if (e instanceof PropertyViolation || !target.documented(e)) throw e;
    const msg =
      e instanceof Error ? `${(e as { code?: string }).code ?? e.name}:${e.message.replace(/\d+/g, 'N').slice(0, 60)}` : String(e);
    return { outcome: `err:${msg}`, documented: true };
  }
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
}

/** Statistics of a run and the function that runs one input and records it (shared by both modes). */
export function recorder(target: FuzzTarget, opts: RunOptions, seed: number) {
  const t0 = performance.now();
  const stats: RunStats = {
    target: target.name,
    executions: 0,
    documentedErrors: 0,
    knownViolations: 0,
    outcomes: 0,
    maxMsPerInput: 0,
    maxMsPerMiB: 0,
    findings: [],
    novel: [],
    slowest: [],
    seed,
    seconds: 0,
  };
  const seen = new Set<string>();
  const exec = (data: Buffer) => {
    const s = performance.now();
    const r = runOne(target, data);
    const ms = performance.now() - s;
    stats.executions++;
    if (r.documented) stats.documentedErrors++;
    if (r.outcome.startsWith('known:')) stats.knownViolations++;
    if (ms > stats.maxMsPerInput) stats.maxMsPerInput = ms;
    const perMiB = (ms * 1024 * 1024) / Math.max(1024, data.length);
    if (perMiB > stats.maxMsPerMiB) stats.maxMsPerMiB = perMiB;
    if (opts.keepSlowest && (stats.slowest.length < opts.keepSlowest || perMiB > stats.slowest[stats.slowest.length - 1].msPerMiB)) {
      stats.slowest.push({ msPerMiB: perMiB, data });
      stats.slowest.sort((a, b) => b.msPerMiB - a.msPerMiB);
      stats.slowest.length = Math.min(stats.slowest.length, opts.keepSlowest);
    }
    if (!seen.has(r.outcome)) {
      seen.add(r.outcome);
      if (opts.collectNovel && stats.novel.length < opts.collectNovel) stats.novel.push(data);
    }
  };
  const finish = (): RunStats => {
    stats.outcomes = seen.size;
    stats.seconds = (performance.now() - t0) / 1000;
    return stats;
  };
  return { stats, exec, finish, t0 };
}

/**
 * Runs a target: first every corpus entry as it is, then fast-check inputs until `executions` or `seconds`.
 * Returns the statistics; the first failing input (shrunk) is in `findings`.
 */
export function runTarget(target: FuzzTarget, opts: RunOptions = {}): RunStats {
  const seed = opts.seed ?? Number(process.env.ARGUS_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const corpus = readCorpus(target.name);
  const { stats, exec, finish, t0 } = recorder(target, opts, seed);
  for (const c of corpus) {
    try {
      exec(c);
    } catch (e) {
      stats.findings.push({ target: target.name, input: c, error: `corpus entry: ${describeError(e)}` });
      return finish();
    }
  }
  const limitMs = (opts.seconds ?? Infinity) * 1000;
  const numRuns = opts.executions ?? 2 ** 31 - 1;
  const property = fc.property(inputs(target, corpus, seed, opts.poolSize), (data) => {
    exec(data);
  });
  // rounds of at most 500 inputs (each with its own seed) until the executions or the time are used up
  const deadline = t0 + limitMs;
  let result: fc.RunDetails<[Buffer]> | undefined;
  for (let round = 0; stats.executions - corpus.length < numRuns && performance.now() < deadline; round++) {
    const runs = Math.min(500, numRuns - (stats.executions - corpus.length));
    result = fc.check(property, { seed: seed + round, numRuns: runs });
    if (result.failed) break;
  }
  if (result?.failed && result.counterexample) {
    const [input] = result.counterexample;
    let error = describeError(result.errorInstance);
    try {
      runOne(target, input);
    } catch (e) {
      error = describeError(e);
    }
    stats.findings.push({ target: target.name, input, error: `${error}\n(seed ${result.seed}, path ${result.counterexamplePath ?? ''})` });
  }
  return finish();
}

/** Saves a finding's input under test/fuzz/findings/<target>-<hash> (not committed; becomes a regression test). */
export function saveFinding(f: Finding): string {
  const dir = join(FUZZ_DIR, 'findings');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${f.target}-${createHash('sha1').update(f.input).digest('hex').slice(0, 12)}`);
  writeFileSync(file, f.input);
  writeFileSync(`${file}.txt`, f.error);
  return file;
}
