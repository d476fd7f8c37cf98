/**
 * Embedded storage shares the collector's process, and its threads (insert pipelines, merges, background pools)
 * share the machine's cores with the event loop, the decode workers and the write-ahead log's writes. When the
 * cores are busy, a merge then delays acknowledgements and API answers as much as it delays itself. This job gives
 * the engine's threads a lower priority (a higher nice value): they still take every idle cycle, but the
 * collector's own threads run first. The engine names its threads (ThreadPool, MergeMutate, BgSchPool, ...);
 * Node's are all named `node` and keep their priority. Threads the engine starts later are picked up on the next
 * run (every second); a thread it starts from one already lowered inherits the lower priority at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Logger } from 'pino';
import type { JobRunner } from '../jobs/types.js';

const TASKS = '/proc/self/task';

export interface ThreadPriority {
  /** lowers the engine's threads not lowered yet; returns how many it lowered this time */
  apply(): number;
  /** thread ids lowered so far and still alive */
  lowered(): ReadonlySet<number>;
}

/** `nice` for every thread of this process whose name is not `node` (Linux; elsewhere nothing is done). */
export function createThreadPriority(nice: number, log?: Logger): ThreadPriority {
  const done = new Set<number>();
  let failed = false;
  return {
    apply() {
      let tids: number[];
      try {
        tids = readdirSync(TASKS).map(Number);
      } catch {
        return 0;
      }
      const alive = new Set(tids);
      for (const tid of done) if (!alive.has(tid)) done.delete(tid);
      let n = 0;
      for (const tid of tids) {
        if (done.has(tid)) continue;
        let name: string;
        try {
          name = readFileSync(`${TASKS}/${tid}/comm`, 'utf8').trim();
        } catch {
          continue; // the thread ended
        }
        if (name === 'node') continue;
        try {
          setPriority(tid, nice);
          done.add(tid);
          n++;
        } catch (e) {
          if (!failed) log?.warn({ err: (e as Error).message, tid, name }, 'cannot lower the storage engine thread priority');
          failed = true;
          done.add(tid); // not retried every second
        }
      }
      return n;
    },
    lowered: () => done,
  };
}

/** The `storage.thread-priority` job (embedded storage, nice > 0). */
export function registerThreadPriority(jobs: JobRunner, nice: number, log: Logger): void {
  const p = createThreadPriority(nice, log);
  jobs.register({
    name: 'storage.thread-priority',
    intervalMs: 1_000,
    timeoutMs: 5_000,
    runAtStart: true,
    run: () => void p.apply(),
  });
}
