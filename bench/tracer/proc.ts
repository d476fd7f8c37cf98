/** Child processes for the tracer bench: start, wait for a ready line, read RSS, stop. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Child {
  pid: number;
  match: RegExpExecArray;
  output(): string;
  rssBytes(): number;
  /** user + system CPU seconds used so far (from /proc/<pid>/stat, 10 ms ticks) */
  cpuSeconds(): number;
  /** on-CPU seconds of the child's live threads in ns resolution (/proc/<pid>/task/<tid>/schedstat; threads that ended are not counted) */
  cpuSecondsFine(): number;
  stop(): Promise<void>;
  /** writes one line to the child's stdin and waits for the next output matching `reply` */
  ask(line: string, reply: RegExp): Promise<RegExpExecArray>;
}

/** `cpus` (e.g. "0") pins the child to those CPUs with taskset; `node`: the Node.js binary (this one's by default). */
export interface ChildOptions {
  cwd?: string;
  cpus?: string;
  node?: string;
}

export function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, opts: ChildOptions | string = {}): Promise<Child> {
  const { cwd, cpus, node = process.execPath } = typeof opts === 'string' ? { cwd: opts, cpus: undefined } : opts;
  const [cmd, argv] = cpus ? ['taskset', ['-c', cpus, node, ...args]] : [node, args];
  const child = spawn(cmd, argv, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${out}`)), 60_000);
    let resolved = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      listeners.forEach((l) => l());
      const m = ready.exec(out);
      if (!m || resolved) return;
      resolved = true;
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        match: m,
        output: () => out,
        rssBytes() {
          const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
          return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
        },
        cpuSeconds() {
          const stat = readFileSync(`/proc/${String(child.pid)}/stat`, 'utf8');
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return (Number(f[11]) + Number(f[12])) / 100;
        },
        cpuSecondsFine() {
          let ns = 0;
          for (const tid of readdirSync(`/proc/${String(child.pid)}/task`)) {
            try {
              ns += Number(readFileSync(`/proc/${String(child.pid)}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
            } catch {
              // the thread ended
            }
          }
          return ns / 1e9;
        },
        ask: (line, reply) =>
          new Promise((done, fail) => {
            const from = out.length;
            const timer = setTimeout(() => {
              listeners.delete(check);
              fail(new Error(`no answer to ${line} within 60 s (exit code ${String(child.exitCode)}): ${out.slice(-500)}`));
            }, 60_000);
            const check = () => {
              const r = reply.exec(out.slice(from));
              if (!r) return;
              clearTimeout(timer);
              listeners.delete(check);
              done(r);
            };
            listeners.add(check);
            child.stdin.write(`${line}\n`);
          }),
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
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${String(code)}: ${out}`));
    });
  });
}
