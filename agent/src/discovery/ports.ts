/**
 * Listening TCP ports: sockets in state 0A (LISTEN) in /proc/<pid>/net/tcp{,6} (one table per network
 * namespace), matched to processes through the `socket:[inode]` links in /proc/<pid>/fd.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { listDir, readLink, readText } from '@argus/sensor-kit';

/** inode -> local port of every listening socket in one table */
export function parseListeningSockets(text: string, into = new Map<string, number>()): Map<string, number> {
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '0A') continue;
    const colon = f[1].lastIndexOf(':');
    const port = parseInt(f[1].slice(colon + 1), 16);
    if (f[9] !== '0' && Number.isFinite(port)) into.set(f[9], port);
  }
  return into;
}

/**
 * Small reads: procfs produces the table one read() at a time and each read advances the kernel's walk only
 * as far as the buffer needs, so stopping after the LISTEN head never pays for most of the established hash.
 */
const CHUNK = Buffer.alloc(1024);

/**
 * Reads the LISTEN head of a /proc/net/tcp{,6} table. The kernel lists listening sockets first and produces
 * the file lazily per read() call, so stopping at the first non-LISTEN line spares most of the walk over
 * the established-connections hash (the expensive part: ~25 ms for the whole file on this machine).
 */
export function readListenHead(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  let text = '';
  try {
    for (;;) {
      const n = readSync(fd, CHUNK, 0, CHUNK.length, null);
      if (n <= 0) break;
      text += CHUNK.toString('latin1', 0, n);
      const lastNl = text.lastIndexOf('\n');
      // stop once a complete line that is not LISTEN (st != 0A) was seen after the header
      const body = text.slice(text.indexOf('\n') + 1, lastNl + 1);
      if (/^\s*\d+: \S+ \S+ (?!0A)[0-9A-F]{2} /m.test(body)) break;
    }
  } catch {
    /* vanished namespace */
  } finally {
    closeSync(fd);
  }
  return text;
}

/** `TCP: inuse N` / `TCP6: inuse N` of /proc/<pid>/net/sockstat{,6}: sockets hashed in the namespace (listeners included) */
export function parseTcpInUse(text: string, label: 'TCP' | 'TCP6'): number | undefined {
  const m = new RegExp(`^${label}: inuse (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

const TABLES = [
  ['tcp', 'sockstat', 'TCP'],
  ['tcp6', 'sockstat6', 'TCP6'],
] as const;

/**
 * Listening sockets of the network namespace `pid` lives in. A table whose family has no socket at all
 * (sockstat says `inuse 0`, typically tcp6 on an IPv4-only host) is not read: with nothing to list, the
 * kernel would walk the whole established hash (~5-20 ms here) to find that out.
 */
export function readListeningSockets(procRoot: string, pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [table, stat, label] of TABLES) {
    const inUse = parseTcpInUse(readText(`${procRoot}/${pid}/net/${stat}`) ?? '', label);
    if (inUse === 0) continue;
    parseListeningSockets(readListenHead(`${procRoot}/${pid}/net/${table}`), out);
  }
  return out;
}

/** Socket inodes held open by a process (empty when its fds are unreadable). */
export function readSocketInodes(procRoot: string, pid: number): string[] {
  const dir = `${procRoot}/${pid}/fd`;
  const out: string[] = [];
  for (const fd of listDir(dir)) {
    const target = readLink(`${dir}/${fd}`);
    if (target && target.startsWith('socket:[')) out.push(target.slice(8, -1));
  }
  return out;
}
