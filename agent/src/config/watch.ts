/**
 * Re-reads the config file when it changes (fs.watch on the directory, which also sees editors' atomic
 * renames and Kubernetes ConfigMap symlink swaps, plus a polling fallback for filesystems without inotify).
 * An invalid file is logged and ignored: the agent keeps running with the last good config.
 */
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from './schema.js';
import { loadAgentConfig, type LoadOptions } from './load.js';

export interface ConfigWatcher {
  current(): AgentConfig;
  /** re-reads now (also used by tests); resolves to true when a new config was applied */
  check(): Promise<boolean>;
  close(): void;
}

export interface WatchOptions extends LoadOptions {
  path: string;
  initial: AgentConfig;
  pollMs: number;
  log: Logger;
  onChange(next: AgentConfig, previous: AgentConfig): void | Promise<void>;
}

const digest = (path: string) => {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex');
  } catch {
    return 'missing';
  }
};

export function watchConfig(opts: WatchOptions): ConfigWatcher {
  let good = opts.initial;
  let lastDigest = digest(opts.path);
  let running: Promise<boolean> | null = null;
  let debounce: NodeJS.Timeout | undefined;

  const reload = async (): Promise<boolean> => {
    const d = digest(opts.path);
    if (d === lastDigest) return false;
    lastDigest = d;
    let next: AgentConfig;
    try {
      next = loadAgentConfig(opts);
    } catch (err) {
      opts.log.error(
        { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
        `config reload rejected, keeping the last good config: ${(err as Error).message}`,
      );
      return false;
    }
    const previous = good;
    good = next;
    opts.log.info({ source: next.source }, 'config reloaded');
    await opts.onChange(next, previous);
    return true;
  };
  const check = () => {
    running ??= reload().finally(() => {
      running = null;
    });
    return running;
  };

  let watcher: FSWatcher | undefined;
  try {
    const name = basename(opts.path);
    watcher = watch(dirname(opts.path), { persistent: false }, (_event, file) => {
      if (file && file !== name && !String(file).startsWith('..')) return;
      clearTimeout(debounce);
      debounce = setTimeout(() => void check(), 100);
    });
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined; // directory missing or no inotify: the poll below still works
  }
  const poll = setInterval(() => void check(), opts.pollMs);
  poll.unref();

  return {
    current: () => good,
    check,
    close() {
      clearTimeout(debounce);
      clearInterval(poll);
      watcher?.close();
    },
  };
}
