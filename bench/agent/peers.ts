/** The peers measured side by side: Debian's prometheus-node-exporter (scraped every second) and netdata. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Peer {
  name: string;
  pid: number;
  tree: boolean;
  stop(): Promise<void>;
  scrapes?: () => { ok: number; failed: number };
}

const which = (bin: string) => {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
};

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** node_exporter on a loopback port with its default collectors, scraped once per second like a 1-s Prometheus job. */
export async function startNodeExporter(port: number): Promise<Peer | undefined> {
  const bin = which('prometheus-node-exporter') || which('node_exporter');
  if (!bin) return undefined;
  const child = spawn(bin, [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/metrics`;
  for (let i = 0; i < 50; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  let ok = 0;
  let failed = 0;
  const scrape = async () => {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) ok++;
      else failed++;
    } catch {
      failed++;
    }
  };
  const timer = setInterval(() => void scrape(), 1000);
  return {
    name: 'prometheus-node-exporter (scraped every 1 s)',
    pid: child.pid!,
    tree: false,
    scrapes: () => ({ ok, failed }),
    async stop() {
      clearInterval(timer);
      await stopChild(child);
    },
  };
}

/** netdata in the foreground at its default 1-second update, with its plugins (measured as a process tree). */
export async function startNetdata(port: number): Promise<Peer | undefined> {
  const bin = which('netdata') || (existsSync('/usr/sbin/netdata') ? '/usr/sbin/netdata' : '');
  if (!bin) return undefined;
  const child = spawn(bin, ['-D', '-p', String(port), '-i', '127.0.0.1'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 3000));
  if (child.exitCode !== null) return undefined;
  return { name: 'netdata (1-s default, incl. plugins)', pid: child.pid!, tree: true, stop: () => stopChild(child) };
}
