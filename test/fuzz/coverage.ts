/**
 * Code coverage as fuzzing feedback, from V8's own block coverage (the inspector's precise coverage, in this
 * process): what the coverage-guided mode of the harness uses to keep an input that reaches code no earlier input
 * reached. @jazzer.js/core, which the issue names, gets the same signal from instrumenting the code; its native
 * addon cannot load on this machine (see harness.ts), V8's counters need no addon.
 *
 * V8 reports, per function, nested ranges with execution counts since the last take (a take resets them), and leaves
 * out a nested range whose count equals its parent's. So a take is painted, per script, in the order of the ranges'
 * starts (outer before inner, across functions too): each position gets the count of the innermost range around it,
 * and a position is covered when that count is above zero. Coverage is measured in source positions of the code
 * under test (the repository's modules, not node_modules, test helpers, the fuzz harness or the benchmarks). One per
 * thread: V8's counters are the isolate's, and a take by one resets them for all.
 */
import { Session } from 'node:inspector';
import { findSourceMap, SourceMap } from 'node:module';

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: Array<{ ranges: Range[] }>;
}

/** What ran since the previous take: `fresh` positions never covered before; `merge` adds it to what is covered. */
export interface CoverageTake {
  fresh: number;
  merge(): void;
}

export interface CoverageFeedback {
  /** what ran since the last take (V8's counters are reset by it) */
  take(): CoverageTake;
  /** positions covered so far, in all scripts */
  covered(): number;
  /**
   * Lines covered so far, out of the lines with code of the files any input reached (read through the scripts' source
   * maps; for the report, not the loop), and each file's lines never covered.
   */
  coveredLines(): { lines: number; coverable: number; files: number; uncovered: Array<{ file: string; lines: number[] }> };
  /**
   * Remembers what ran so far (the modules' top-level code, as they loaded) as covered, without making those files
   * ones the inputs reached: the report counts the lines of the files the inputs reached.
   */
  markLoaded(): void;
  /** keeps what ran so far and turns V8's counters off (code runs at full speed), until resume */
  pause(): void;
  resume(): void;
  stop(): void;
}

/** the module's source map: Node's (tsx registers them), or the inline one of the compiled source (vitest's runner) */
function sourceMapOf(url: string, src: string): SourceMap | undefined {
  const known = findSourceMap(url);
  if (known) return known;
  const inline = [...src.matchAll(/\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)/g)].at(-1);
  if (!inline) return undefined;
  try {
    return new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined;
  }
}

/** a take's ranges painted outer before inner: 1 where the innermost range around a position ran */
function paint(ranges: Range[]): Uint8Array {
  ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const now = new Uint8Array(ranges.reduce((m, r) => Math.max(m, r.endOffset), 0));
  for (const r of ranges) now.fill(r.count > 0 ? 1 : 0, r.startOffset, r.endOffset);
  return now;
}

/** Starts V8's block coverage in this thread for the scripts whose URL `include` accepts. */
export function startCoverage(include: (url: string) => boolean): CoverageFeedback {
  const session = new Session();
  session.connect();
  // an in-process session answers synchronously: the callback has run when post returns
  const post = (method: string, params?: object): unknown => {
    let out: { err: Error | null; res?: unknown } | undefined;
    session.post(method, params ?? {}, (err, res) => (out = { err, res }));
    if (!out) throw new Error(`inspector ${method} did not answer synchronously`);
    if (out.err) throw out.err;
    return out.res;
  };
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  /** per script: 1 where a position was ever covered */
  const seen = new Map<string, Uint8Array>();
  const urls = new Map<string, string>();
  /** what ran while the modules loaded (markLoaded): counts as covered, but does not make a file one the inputs reached */
  const loaded = new Map<string, Uint8Array>();
  let total = 0;

  const take = (): CoverageTake => {
    const { result } = post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    const painted: Array<{ id: string; now: Uint8Array }> = [];
    let fresh = 0;
    for (const script of result) {
      if (!include(script.url)) continue;
      const ranges = script.functions.flatMap((f) => f.ranges);
      if (!ranges.some((r) => r.count > 0)) continue;
      const now = paint(ranges);
      const old = seen.get(script.scriptId);
      for (let i = 0; i < now.length; i++) if (now[i] && !(old && old[i])) fresh++;
      painted.push({ id: script.scriptId, now });
      urls.set(script.scriptId, script.url);
    }
    let merged = false;
    const merge = () => {
      if (merged) return;
      merged = true;
      for (const { id, now } of painted) {
        let old = seen.get(id);
        if (!old || old.length < now.length) {
          const grown = new Uint8Array(now.length);
          if (old) grown.set(old);
          seen.set(id, (old = grown));
        }
        for (let i = 0; i < now.length; i++) {
          if (now[i] && !old[i]) {
            old[i] = 1;
            total++;
          }
        }
      }
    };
    return { fresh, merge };
  };

  return {
    take,
    covered: () => total,
    coveredLines() {
      // the sources come with the debugger, enabled only now (it knows every script already parsed); the modules are
      // compiled TypeScript, so a position counts for the line its source map gives
      post('Debugger.enable');
      const covered = new Set<string>();
      const code = new Map<string, Set<number>>();
      for (const [id, bits] of seen) {
        const src = (post('Debugger.getScriptSource', { scriptId: id }) as { scriptSource: string }).scriptSource;
        const url = urls.get(id) ?? id;
        const map = sourceMapOf(url, src);
        const base = loaded.get(id);
        let line = 0;
        let lineStart = 0;
        for (let i = 0; i < src.length; i++) {
          const c = src.charCodeAt(i);
          if (c === 10) {
            line++;
            lineStart = i + 1;
          } else if (c > 32) {
            const entry: { originalLine?: number } | undefined = map?.findEntry(line, i - lineStart);
            // a module is one TypeScript file: its URL names it, the map gives the line (code the map does not
            // cover, such as a test runner's wrapper, is not the file's)
            if (map && entry?.originalLine === undefined) continue;
            const file = url;
            const at = entry?.originalLine ?? line;
            let lines = code.get(file);
            if (!lines) code.set(file, (lines = new Set()));
            lines.add(at + 1);
            if ((i < bits.length && bits[i]) || base?.[i]) covered.add(`${file}:${String(at + 1)}`);
          }
        }
      }
      post('Debugger.disable');
      const uncovered = [...code].map(([file, lines]) => ({
        file,
        lines: [...lines].filter((l) => !covered.has(`${file}:${String(l)}`)).sort((x, y) => x - y),
      }));
      const coverable = [...code.values()].reduce((n, l) => n + l.size, 0);
      return { lines: covered.size, coverable, files: code.size, uncovered };
    },
    markLoaded() {
      const { result } = post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
      for (const script of result) {
        if (!include(script.url)) continue;
        const ranges = script.functions.flatMap((f) => f.ranges);
        if (!ranges.some((r) => r.count > 0)) continue;
        urls.set(script.scriptId, script.url);
        loaded.set(script.scriptId, paint(ranges));
      }
    },
    pause() {
      take().merge();
      post('Profiler.stopPreciseCoverage');
    },
    resume() {
      post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    },
    stop() {
      post('Profiler.stopPreciseCoverage');
      post('Profiler.disable');
      session.disconnect();
    },
  };
}

/** The code under test: the repository's own modules, not dependencies, the fuzz harness or the benchmarks. */
export function repositoryCode(root: string): (url: string) => boolean {
  const prefix = `file://${root.endsWith('/') ? root : `${root}/`}`;
  return (url) => url.startsWith(prefix) && !/\/(node_modules|test\/fuzz|bench|testing)\//.test(url);
}
