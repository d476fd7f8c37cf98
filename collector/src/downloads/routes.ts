import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import { badRequest, notFound } from '../errors.js';
import { createEntityQueries } from '../infrastructure/entities/queries.js';
import type { AppEnv, CollectorDeps } from '../module.js';
import { isPlatform, PLATFORMS, VERSION_RE, type ArtifactStore } from './artifacts.js';
import { REPO_ROOT } from './config.js';

export const INSTALL_SCRIPT = join(REPO_ROOT, 'deploy/install.sh');
const HOST_RE = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** How the client reached this collector (behind a proxy: X-Forwarded-Proto/Host), for the installer's default endpoint. */
export function requestOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0].trim();
  const host = (c.req.header('x-forwarded-host') ?? c.req.header('host') ?? url.host).split(',')[0].trim();
  if (!HOST_RE.test(host)) throw badRequest(`unusable Host header "${host.slice(0, 80)}"`);
  return `${proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1)}://${host}`;
}

/** install.sh with this collector's endpoint and the current agent version filled in. */
export function renderInstallScript(template: string, endpoint: string, version: string): string {
  return template
    .replace(/^DEFAULT_ENDPOINT=''.*$/m, `DEFAULT_ENDPOINT='${endpoint}'`)
    .replace(/^DEFAULT_VERSION=''.*$/m, `DEFAULT_VERSION='${version}'`);
}

function sendFile(c: Context, path: string, type: string, name: string): Response {
  const size = statSync(path).size;
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return c.body(body, 200, {
    'content-type': type,
    'content-length': String(size),
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-cache',
  });
}

function version(v: string, current: string): string {
  const resolved = v === 'latest' ? current : v;
  if (!VERSION_RE.test(resolved)) throw badRequest(`"${v.slice(0, 40)}" is not a version (x.y.z or latest)`);
  return resolved;
}

/**
 * Ingest-port routes: the installer, the agent artifacts with their checksums, the Node.js tracer as an npm
 * tarball (all public, like /eum.js: they hold no secrets), and two key-checked routes the installer calls.
 */
export function registerDownloadRoutes(app: Hono<AppEnv>, deps: CollectorDeps, store: ArtifactStore): void {
  app.get('/install.sh', (c) => {
    const script = renderInstallScript(readFileSync(INSTALL_SCRIPT, 'utf8'), requestOrigin(c), store.agentVersion);
    return c.body(script, 200, { 'content-type': 'text/x-shellscript; charset=utf-8', 'cache-control': 'no-cache' });
  });

  app.get('/download/agent', (c) =>
    c.json({ current: store.agentVersion, platforms: PLATFORMS, built: store.manifest(store.agentVersion) ?? null }),
  );

  app.get('/download/agent/:version/:file', async (c) => {
    const v = version(c.req.param('version'), store.agentVersion);
    const file = c.req.param('file');
    const checksum = file.endsWith('.sha256');
    const platform = checksum ? file.slice(0, -'.sha256'.length) : file;
    if (!isPlatform(platform))
      throw notFound(`no agent build for platform "${platform.slice(0, 40)}" (available: ${PLATFORMS.join(', ')})`);
    const { path, entry } = await store.agent(v, platform);
    if (checksum) return c.text(`${entry.sha256}  ${entry.file}\n`, 200, { 'cache-control': 'no-cache' });
    return sendFile(c, path, 'application/gzip', entry.file);
  });

  app.get('/download/nodejs/:file', async (c) => {
    const m = /^(.+)\.tgz(\.sha256)?$/.exec(c.req.param('file'));
    if (!m) throw notFound('the tracer is /download/nodejs/<version>.tgz (or latest.tgz)');
    const v = version(m[1], store.tracerVersion);
    const path = await store.tracer(v);
    if (m[2]) return c.text(readFileSync(`${path}.sha256`, 'utf8'), 200, { 'cache-control': 'no-cache' });
    return sendFile(c, path, 'application/gzip', `argus-nodejs-${v}.tgz`);
  });

  // the installer checks the key before changing anything, and waits until this collector has seen the host
  app.get('/v1/agent/check', deps.tenants.ingestAuth, (c) =>
    c.json({ ok: true, tenant: c.get('tenant'), agentVersion: store.agentVersion }),
  );

  const entities = createEntityQueries(deps.storage, 60_000);
  app.get('/v1/agent/seen', deps.tenants.ingestAuth, async (c) => {
    const host = c.req.query('host') ?? '';
    if (!/^[0-9A-Za-z._-]{1,128}$/.test(host)) throw badRequest('host must be the host id (the machine id), e.g. ?host=0123abcd...');
    const [e] = await entities.find(c.get('tenant'), { ids: [`host:${host}`], limit: 1 });
    return c.json({
      host: `host:${host}`,
      seen: e?.lastSeen != null,
      lastSeen: e?.lastSeen ?? null,
      name: e?.name ?? null,
      now: Date.now(),
    });
  });
}
