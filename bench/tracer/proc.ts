/** Child processes for the tracer bench: start, wait for a ready line, read RSS, stop. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Child {
  pid: number;
  match: RegExpExecArray;
  output(): string;
  rssBytes(): number;
  /** user + system CPU seconds used so far (from /proc/<pid>/stat, 10 ms ticks) */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, cwd?: string): Promise<Child> {
  const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        match: m,
        output: () => out,
        rssBytes() {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
        },
        cpuSeconds() {
          const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return (Number(f[11]) + Number(f[12])) / 100;
        },
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
    });
  });
}
