/** Periodic process discovery: scans procRoot every intervalMs and hands diffs to a listener. */
import type { Logger } from 'pino';
import { createProcessScanner, type DiscoveryDiff, type ProcessScanner, type ScannerOptions } from './scanner.js';

export type { DiscoveryDiff, ProcessScanner } from './scanner.js';

export interface Discovery extends ProcessScanner {
  /** scans now and delivers the diff (also called by the timer) */
  tick(): DiscoveryDiff;
  stop(): void;
}

export function startDiscovery(
  opts: ScannerOptions & {
    intervalMs: number;
    log: Logger;
    onDiff(diff: DiscoveryDiff): void;
  },
): Discovery {
  const scanner = createProcessScanner(opts);
  const tick = () => {
    let diff: DiscoveryDiff = { added: [], removed: [], changed: [] };
    try {
      diff = scanner.scan();
    } catch (err) {
      opts.log.error({ err }, 'process scan failed');
      return diff;
    }
    if (diff.added.length || diff.removed.length || diff.changed.length) {
      opts.log.debug({ added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length }, 'processes changed');
      opts.onDiff(diff);
    }
    return diff;
  };
  const timer = setInterval(tick, opts.intervalMs);
  return { ...scanner, tick, stop: () => clearInterval(timer) };
}
