import type { ProcessInfo } from '@argus/sensor-kit';

export interface RedisTarget {
  pid: number;
  port: number;
  startTime: number;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * redis-server rewrites its title to `redis-server <bind>:<port>` (Debian's exe link even points at
 * redis-check-rdb), so match on comm / argv[0] and read the port from the title, then from the sockets.
 */
export function detectRedis(p: ProcessInfo | null): RedisTarget | null {
  if (!p) return null;
  const title = p.cmdline[0] ?? '';
  const argv0 = base(title.split(' ')[0] ?? '');
  if (p.name !== 'redis-server' && argv0 !== 'redis-server') return null;
  if (title.includes('[sentinel]')) return null;
  const m = /:(\d+)(?:\s|$)/.exec(title);
  const titlePort = m ? Number(m[1]) : 0;
  // port 0 means "no TCP" (unix socket only); cluster bus ports are listened on too, so prefer the title
  const port = titlePort > 0 ? titlePort : (p.listenPorts[0] ?? 0);
  if (!port) return null;
  return { pid: p.pid, port, startTime: p.startTime };
}
