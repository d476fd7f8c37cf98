import type { ProcessInfo } from '@argus/sensor-kit';

export interface NginxTarget {
  pid: number;
  startTime: number;
  exe: string;
  /** lowest listening port: the instance's stable key */
  port: number;
  ports: number[];
  /** `-c` and `-p` from the command line */
  configArg?: string;
  prefixArg?: string;
}

const MASTER = 'nginx: master process';
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** nginx retitles its master `nginx: master process <original argv>`: recover the argv words. */
export function masterArgs(cmdline: string[]): string[] {
  const text = cmdline.join(' ');
  const rest = text.startsWith(MASTER) ? text.slice(MASTER.length) : text;
  return rest.trim().split(/\s+/).filter(Boolean).slice(1);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Matches the master only (workers and cache processes are `nginx: worker process` ...). */
export function detectNginx(p: ProcessInfo | null): NginxTarget | null {
  if (!p) return null;
  const title = p.cmdline[0] ?? '';
  const exe = base(p.exe);
  const isMaster = title.startsWith(MASTER) || ((exe === 'nginx' || exe === 'openresty') && !title.startsWith('nginx:'));
  if (!isMaster || !p.listenPorts.length) return null;
  const args = masterArgs(p.cmdline);
  return {
    pid: p.pid,
    startTime: p.startTime,
    exe: p.exe,
    port: p.listenPorts[0],
    ports: p.listenPorts,
    configArg: flag(args, '-c'),
    prefixArg: flag(args, '-p'),
  };
}
