import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  /** short name used in messages, e.g. "collector" */
  name: string;
  /** executable; defaults to this Node.js */
  command?: string;
  args: string[];
  cwd?: string;
  /** extra environment, merged over this process's */
  env?: Record<string, string | undefined>;
  /** every output line is appended here */
  logFile?: string;
  /** called for every stdout/stderr line */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** called for every IPC message (Node.js children only) */
  onMessage?: (message: unknown) => void;
  /** open an IPC channel (Node.js children; enables the orphan guard); default true for Node.js */
  ipc?: boolean;
  /** signal asking the child to shut down cleanly; default SIGTERM */
  stopSignal?: NodeJS.Signals;
  /** own process group (default true); false keeps it in ours, so killing our group kills it too */
  detached?: boolean;
  uid?: number;
  gid?: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildHandle {
  name: string;
  pid: number;
  process: ChildProcess;
  /** resolves once the process has exited */
  exited: Promise<ChildExit>;
  /** the exit, once it happened */
  exit(): ChildExit | undefined;
  /** asks for a clean stop, waits up to `graceMs`, then kills the child's whole process group */
  stop(graceMs: number): Promise<ChildExit>;
}

function openLog(path: string | undefined): WriteStream | undefined {
  if (!path) return undefined;
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path, { flags: 'a' });
}

/**
 * Starts a child in its own process group, so a Ctrl-C in the terminal reaches only the supervisor, which then
 * stops its children in a chosen order. Output is split into lines for the caller and copied to `logFile`.
 */
export function spawnChild(spec: ChildSpec): ChildHandle {
  const command = spec.command ?? process.execPath;
  const ipc = spec.ipc ?? command === process.execPath;
  const child = spawn(command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: spec.detached ?? true,
    uid: spec.uid,
    gid: spec.gid,
  });
  const log = openLog(spec.logFile);
  let exitInfo: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (err) => {
      log?.write(`[supervise] ${spec.name} failed to start: ${err.message}\n`);
      spec.onLine?.(`failed to start: ${err.message}`, 'stderr');
      exitInfo = { code: -1, signal: null };
      resolve(exitInfo);
    });
    child.once('close', (code, signal) => {
      exitInfo = { code, signal };
      log?.end();
      resolve(exitInfo);
    });
  });
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      log?.write(`${line}\n`);
      spec.onLine?.(line, stream);
    });
  }
  if (spec.onMessage) child.on('message', spec.onMessage);
  const killGroup = (signal: NodeJS.Signals) => {
    if (!child.pid) return;
    if (spec.detached === false) {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
      return;
    }
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
    }
  };
  const stop = async (graceMs: number): Promise<ChildExit> => {
    if (exitInfo) return exitInfo;
    try {
      child.kill(spec.stopSignal ?? 'SIGTERM');
    } catch {
      /* already gone */
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      log?.write(`[supervise] ${spec.name} did not stop within ${graceMs} ms: killed\n`);
      killGroup('SIGKILL');
      return exited;
    }
    // anything the child left behind in its group goes too
    killGroup('SIGKILL');
    return result;
  };
  return { name: spec.name, pid: child.pid ?? -1, process: child, exited, exit: () => exitInfo, stop };
}
