import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's priority to `nice` (a worker thread doing background work: answers and the event loop
 * run first on busy cores). On Linux setpriority(0) applies to the calling thread; elsewhere it would lower the whole
 * process, so it is left alone there. Returns whether it was applied (not permitted: the thread keeps its priority).
 */
export function niceThisThread(nice: number | undefined): boolean {
  if (!nice || process.platform !== 'linux') return false;
  try {
    setPriority(0, nice);
    return true;
  } catch {
    return false;
  }
}
