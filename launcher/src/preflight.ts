import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertPortsFree, type PortClaim } from '@argus/supervise';
import type { StartOptions } from './options.js';

export class PreflightError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const INSTALL = 'npx -y pnpm@12.21.0 install';

/** Install checks before anything starts; returns one line per check for the progress output. */
export function checkInstall(root: string, opts: StartOptions): string[] {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 6)) {
    throw new PreflightError('NODE_TOO_OLD', `Argus needs Node.js 20.6 or newer (this is ${process.versions.node})`);
  }
  const lines = [`Node.js ${process.versions.node}`];
  const required: Array<[string, string]> = [
    ['collector/node_modules/chdb/package.json', 'embedded ClickHouse (chdb)'],
    ['collector/node_modules/@clickhouse/client/package.json', '@clickhouse/client'],
    ['collector/node_modules/hono/package.json', 'collector dependencies'],
  ];
  if (opts.agent) required.push(['agent/node_modules/@argus/sensor-host/package.json', 'agent dependencies']);
  if (opts.demo) {
    required.push(['demo/node_modules/express/package.json', 'demo shop dependencies']);
    required.push(['sensors/nodejs/dist/register.js', 'the Node.js tracer build (made by install)']);
  }
  const missing = required.filter(([path]) => !existsSync(join(root, path)));
  if (missing.length > 0) {
    throw new PreflightError('NOT_INSTALLED', `missing ${missing.map(([, what]) => what).join(', ')}: run \`${INSTALL}\` first`);
  }
  lines.push(`dependencies installed (${required.map(([, what]) => what).join(', ')})`);
  lines.push(
    existsSync(join(root, 'ui/dist/index.html'))
      ? 'web UI built (ui/dist)'
      : `web UI not built: the API port answers a hint page until \`${INSTALL}\` builds it`,
  );
  lines.push(
    existsSync(join(root, 'sensors/eum/dist/eum.js'))
      ? 'EUM script built (sensors/eum/dist/eum.js)'
      : `EUM script not built: websites get no script until \`${INSTALL}\` builds it`,
  );
  return lines;
}

/** Every port the start will bind, with the flag that moves it. */
export function portClaims(opts: StartOptions): PortClaim[] {
  const claims: PortClaim[] = [
    { port: opts.ingestPort, owner: 'collector ingest', flag: '--ingest-port' },
    { port: opts.apiPort, owner: 'collector API', flag: '--api-port' },
  ];
  if (opts.agent) claims.push({ port: opts.agentPort, owner: 'agent', flag: '--agent-port' });
  if (opts.demo) {
    const names = ['demo storefront', 'demo gateway', 'demo catalog', 'demo checkout'];
    names.forEach((owner, i) => claims.push({ port: opts.demoPort + i, owner, flag: '--demo-port' }));
  }
  return claims;
}

export async function checkPorts(opts: StartOptions): Promise<string> {
  const claims = portClaims(opts);
  await assertPortsFree(claims);
  return `ports free: ${claims.map((c) => c.port).join(', ')}`;
}
