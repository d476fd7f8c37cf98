import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a text file below `root`; undefined when it does not exist or is unreadable (permissions, races).
 * Synchronous on purpose: procfs/cgroupfs files are served from kernel memory in microseconds, cheaper than a
 * thread-pool round trip. The signal is checked before the read.
 */
export async function readText(root: string, rel: string, signal?: AbortSignal): Promise<string | undefined> {
  signal?.throwIfAborted();
  try {
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
