/**
 * Starts the tracer fixture apps (test/fixtures/tracer-app/*) as child processes with only
 * `--import @argus/nodejs/register`, the way a user would, and stops them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../fixtures/tracer-app/', import.meta.url));

export interface RunningApp {
  name: string;
  pid: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startApp(
  /** a folder of test/fixtures/tracer-app, e.g. shop-frontend, inventory-api */
  name: string,
  env: Record<string, string>,
  opts: { traced?: boolean } = {},
): Promise<RunningApp> {
  const cwd = `${fixturesDir}${name}`;
  const args = ['--expose-gc', ...(opts.traced === false ? [] : ['--import', '@argus/nodejs/register']), 'server.js'];
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARGUS_') && !k.startsWith('OTEL_') && k !== 'NODE_OPTIONS'),
  );
  const child: ChildProcess = spawn(process.execPath, args, { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 60_000);
    const onData = () => {
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${String(code)}: ${out}`));
    });
  });
  return {
    name,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 4000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Parses `Server-Timing: traceparent;desc="00-<trace>-<span>-01"`. */
export function serverTimingTraceparent(header: string | null): { traceId: string; spanId: string } | undefined {
  const m = /traceparent;desc="?00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]"?/.exec(header ?? '');
  return m ? { traceId: m[1], spanId: m[2] } : undefined;
}

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
