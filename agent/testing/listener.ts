/** Test helper: starts a real `node` child process listening on a loopback port, tagged with a marker argv. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Listener {
  child: ChildProcess;
  pid: number;
  port: number;
  marker: string;
  kill(): Promise<void>;
  listen(): Promise<number>;
}

const LISTEN = "const s=require('net').createServer();const go=()=>s.listen(0,'127.0.0.1',()=>console.log(s.address().port));";

/** `deferred`: the child only starts listening on SIGUSR2 (port resolves then); `ready` tells the pid first */
export async function startListener(opts: { marker?: string; deferred?: boolean } = {}): Promise<Listener> {
  const marker = opts.marker ?? `argus-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const script = LISTEN + (opts.deferred ? "process.on('SIGUSR2',go);console.log('ready');" : 'go();') + 'setInterval(()=>{},1e6)';
  const child = spawn(process.execPath, ['-e', script, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d) => resolve(String(d).trim()));
      child.once('exit', () => reject(new Error('listener exited early')));
    });
  const first = await nextLine();
  let port = opts.deferred ? 0 : Number(first);
  const listen = async () => {
    const line = nextLine();
    child.kill('SIGUSR2');
    port = Number(await line);
    return port;
  };
  return {
    child,
    pid: child.pid!,
    get port() {
      return port;
    },
    marker,
    listen,
    kill: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}
