import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/**
 * `server.address`/`server.port` and `client.address` of an incoming request, by the rules of
 * @opentelemetry/instrumentation-http (semantic conventions 1.27): `Forwarded`, then `X-Forwarded-Host`/`-For`,
 * then `Host` and the socket. The proxy headers are only parsed when present.
 */

interface Forwarded {
  for?: string;
  host?: string;
  proto?: string;
}

/** RFC 7239 `Forwarded`: comma-separated elements of `;`-separated pairs, values optionally quoted */
function parseForwarded(header: string): Forwarded[] {
  const out: Forwarded[] = [];
  for (const element of header.split(',')) {
    const entry: Forwarded = {};
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      let value = pair.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (name === 'for' || name === 'host' || name === 'proto') entry[name] = value;
    }
    out.push(entry);
  }
  return out;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `host[:port]` as instrumentation-http reads it: a missing port is the scheme's default, IPv6 keeps its brackets */
function parseHost(host: string, proto: string | undefined): { host: string; port?: number } {
  const colon = host.indexOf(':');
  // the common cases without allocating: `name` and `name:port`
  if (colon < 0) return { host, port: proto === 'http' ? 80 : proto === 'https' ? 443 : undefined };
  if (host.indexOf(':', colon + 1) < 0) return { host: host.slice(0, colon), port: Number(host.slice(colon + 1)) };
  const parts = host.split(':');
  const defaultPort = proto === 'http' ? 80 : proto === 'https' ? 443 : undefined;
  if (parts.length === 1) return { host, port: defaultPort };
  if (parts.length === 2) return { host: parts[0], port: Number(parts[1]) };
  if (parts[0].startsWith('[')) {
    if (parts[parts.length - 1].endsWith(']')) return { host, port: defaultPort };
    if (parts[parts.length - 2].endsWith(']')) return { host: parts.slice(0, -1).join(':'), port: Number(parts[parts.length - 1]) };
  }
  return { host };
}

export function serverAddress(h: IncomingHttpHeaders, scheme: string): { host: string; port?: number } | undefined {
  const forwarded = first(h.forwarded);
  if (forwarded) {
    for (const e of parseForwarded(forwarded)) if (e.host) return parseHost(e.host, e.proto);
  }
  const xHost = first(h['x-forwarded-host']);
  if (xHost) return parseHost(xHost, first(h['x-forwarded-proto']));
  const host = h.host;
  return host ? parseHost(host, scheme) : undefined;
}

function withoutPort(address: string): string {
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    return end > 0 ? address.slice(1, end) : address;
  }
  const colon = address.indexOf(':');
  return colon > 0 && address.indexOf(':', colon + 1) < 0 ? address.slice(0, colon) : address;
}

export function clientAddress(h: IncomingHttpHeaders, socket: Socket): string | undefined {
  const forwarded = first(h.forwarded);
  if (forwarded) {
    for (const e of parseForwarded(forwarded)) if (e.for) return withoutPort(e.for);
  }
  const xFor = first(h['x-forwarded-for']);
  if (xFor) return withoutPort(xFor.split(',')[0].trim());
  return socket.remoteAddress || undefined;
}
