import { spawn, type ChildProcess } from 'node:child_process';
import { removeDir } from './util.js';

export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  /** resolves with the exit code (or signal name) once the process has exited */
  exited: Promise<number | string>;
  /** collected stderr/stdout tail, for error messages */
  output(): string;
  /** why waiting for it is pointless (it exited, with its output), else undefined: waitUntil's `aborted` */
  exitedEarly: () => string | undefined;
  /** send `signal`, wait for exit, SIGKILL after `timeoutMs` */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

export interface SpawnOptions {
  cmd: string;
  args: string[];
  cwd?: string;
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 8_000;

/** Start a server in the foreground (no daemonizing) so that its pid is ours to stop. */
export function spawnServer(opts: SpawnOptions): SpawnedServer {
  const child = spawn(opts.cmd, opts.args, {
    cwd: opts.cwd,
    uid: opts.uid,
    gid: opts.gid,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-MAX_OUTPUT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, sig) => resolve(code ?? sig ?? 'unknown'));
    child.once('error', (err) => {
      append(Buffer.from(String(err)));
      resolve('spawn-error');
    });
  });
  // never leave a server behind when the test process dies without calling stop()
  const onExit = () => {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    output: () => out,
    exitedEarly: () => (child.exitCode !== null ? `exited: ${out}` : undefined),
    stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      stopping ??= (async () => {
        process.removeListener('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** Waits for `ready`; when it fails, kills the server and removes its directory before rethrowing. */
export async function readyOrRemove(srv: SpawnedServer, dir: string, ready: () => Promise<void>): Promise<void> {
  try {
    await ready();
  } catch (err) {
    await srv.stop('SIGKILL');
    await removeDir(dir);
    throw err;
  }
}
