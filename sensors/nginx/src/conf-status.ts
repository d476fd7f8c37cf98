import type { Directive } from './conf-parse.js';

export interface StatusLocation {
  url: string;
  /** Host header to send (the server's first plain server_name) */
  host?: string;
}

interface Listen {
  host: string;
  port: number;
  ssl: boolean;
}

/** `listen` argument -> where the agent can reach it; null for unix sockets. */
export function parseListen(args: string[]): Listen | null {
  const addr = args[0] ?? '80';
  if (addr.startsWith('unix:')) return null;
  const ssl = args.includes('ssl') || args.includes('quic');
  let host = '127.0.0.1';
  let port = 80;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(addr);
  if (v6) {
    host = v6[1] === '::' ? '127.0.0.1' : `[${v6[1]}]`;
    port = v6[2] ? Number(v6[2]) : 80;
  } else if (/^\d+$/.test(addr)) {
    port = Number(addr);
  } else {
    const i = addr.lastIndexOf(':');
    const h = i >= 0 ? addr.slice(0, i) : addr;
    port = i >= 0 ? Number(addr.slice(i + 1)) : 80;
    if (h && h !== '*' && h !== '0.0.0.0') host = h;
  }
  return Number.isFinite(port) && port > 0 ? { host, port, ssl } : null;
}

function hasStubStatus(block: Directive[] | undefined): boolean {
  return !!block?.some((d) => d.name === 'stub_status' && d.args[0] !== 'off');
}

/** Location path usable as a URL: exact (`=`), prefix, or `^~`; regex locations are skipped. */
function locationPath(args: string[]): string | null {
  if (args.length === 1) return args[0].startsWith('@') ? null : args[0];
  if (args.length === 2 && (args[0] === '=' || args[0] === '^~')) return args[1];
  return null;
}

function findInLocations(list: Directive[], out: string[]) {
  for (const d of list) {
    if (d.name !== 'location' || !d.block) continue;
    const path = locationPath(d.args);
    if (path && hasStubStatus(d.block)) out.push(path);
    findInLocations(d.block, out);
  }
}

/** Every stub_status location in the parsed config, as URLs the agent can request. */
export function stubStatusLocations(tree: Directive[]): StatusLocation[] {
  const out: StatusLocation[] = [];
  for (const http of tree.filter((d) => d.name === 'http')) {
    for (const server of (http.block ?? []).filter((d) => d.name === 'server' && d.block)) {
      const block = server.block!;
      const paths: string[] = [];
      if (hasStubStatus(block)) paths.push('/');
      findInLocations(block, paths);
      if (!paths.length) continue;
      const listens = block.filter((d) => d.name === 'listen').map((d) => parseListen(d.args));
      const reachable = (listens.length ? listens : [parseListen(['80'])]).filter((l): l is Listen => l !== null);
      const name = block.find((d) => d.name === 'server_name')?.args.find((n) => n && !/[*~]/.test(n) && n !== '_');
      for (const l of reachable) {
        for (const p of paths) out.push({ url: `${l.ssl ? 'https' : 'http'}://${l.host}:${l.port}${p}`, host: name });
      }
    }
  }
  return out;
}
