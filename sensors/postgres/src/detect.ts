import type { ProcessInfo } from '@argus/sensor-kit';

export interface PostgresTarget {
  pid: number;
  port: number;
  startTime: number;
  /** `-D` from the command line when present (the data dir is also read from /proc/<pid>/cwd) */
  dataDirArg?: string;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function argValue(argv: string[], flag: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag) return argv[i + 1];
    if (argv[i].startsWith(flag) && argv[i].length > flag.length) return argv[i].slice(flag.length);
  }
  return undefined;
}

/**
 * The postmaster: a `postgres`/`postmaster` executable whose title was NOT rewritten. Backends and
 * auxiliary processes share the binary but retitle themselves `postgres: ...`, so they never match.
 */
export function detectPostgres(p: ProcessInfo | null): PostgresTarget | null {
  if (!p) return null;
  const exe = base(p.exe);
  const argv0 = p.cmdline[0] ?? '';
  const binary = exe === 'postgres' || exe === 'postmaster' || ((p.name === 'postgres' || p.name === 'postmaster') && !exe);
  if (!binary || argv0.startsWith('postgres:') || argv0.startsWith('postmaster:')) return null;
  if (!/(^|\/)(postgres|postmaster)$/.test(argv0)) return null;
  const portArg = Number(argValue(p.cmdline, '-p'));
  const port = p.listenPorts.length ? (p.listenPorts.includes(portArg) ? portArg : p.listenPorts[0]) : portArg || 0;
  if (!port) return null;
  return { pid: p.pid, port, startTime: p.startTime, dataDirArg: argValue(p.cmdline, '-D') };
}
