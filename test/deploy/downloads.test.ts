/**
 * The collector's downloads routes: the tracer as an npm tarball (built by the real `pnpm pack` path of
 * build:agent --tracer-only), its checksum, install.sh rendered for the address the client used (also behind a
 * proxy), and clear errors for unknown platforms, bad versions, path tricks and artifacts that are not built.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { buildTracerTarball, tracerVersion } from '../../agent/build/build.js';

const downloads = mkdtempSync(join(tmpdir(), 'argus-downloads-'));
let collector: TestCollector;
let tarball: string;

beforeAll(async () => {
  tarball = await buildTracerTarball(downloads);
  process.env.ARGUS_DOWNLOADS_DIR = downloads;
  process.env.ARGUS_DOWNLOADS_BUILD = 'off';
  collector = await startTestCollector();
}, 180_000);
afterAll(async () => {
  await collector.destroy();
  rmSync(downloads, { recursive: true, force: true });
});

describe('collector downloads', () => {
  it('serves the Node.js tracer as an npm tarball with its checksum', async () => {
    const v = tracerVersion();
    const res = await fetch(`${collector.ingestUrl}/download/nodejs/${v}.tgz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(tarball))).toBe(true);
    const latest = Buffer.from(await (await fetch(`${collector.ingestUrl}/download/nodejs/latest.tgz`)).arrayBuffer());
    expect(latest.equals(body)).toBe(true);
    const sum = await (await fetch(`${collector.ingestUrl}/download/nodejs/${v}.tgz.sha256`)).text();
    expect(sum).toBe(`${createHash('sha256').update(body).digest('hex')}  argus-nodejs-${v}.tgz\n`);
    // what npm installs: the package with its built entry points and real dependency versions
    const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
      name: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.name).toBe('@argus/nodejs');
    expect(Object.values(pkg.dependencies).some((d) => d.startsWith('catalog:') || d.startsWith('workspace:'))).toBe(false);
    expect(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })).toContain('package/dist/register.js');
  });

  it('renders install.sh for the address the client used, and behind a proxy', async () => {
    const direct = await (await fetch(`${collector.ingestUrl}/install.sh`)).text();
    expect(direct).toContain(`DEFAULT_ENDPOINT='${collector.ingestUrl}'`);
    expect(direct).toMatch(/^DEFAULT_VERSION='\d+\.\d+\.\d+'/m);
    const proxied = await (
      await fetch(`${collector.ingestUrl}/install.sh`, {
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'ingest.argus.example.com' },
      })
    ).text();
    expect(proxied).toContain("DEFAULT_ENDPOINT='https://ingest.argus.example.com'");
    const evil = await fetch(`${collector.ingestUrl}/install.sh`, { headers: { 'x-forwarded-host': "x';rm -rf /;'" } });
    expect(evil.status).toBe(400);
  });

  it('answers clearly for unknown platforms, bad versions, path tricks and artifacts not built', async () => {
    const get = async (path: string) => {
      const r = await fetch(`${collector.ingestUrl}${path}`);
      return [r.status, ((await r.json()) as { code: string }).code];
    };
    expect(await get('/download/agent/latest/windows-x64')).toEqual([404, 'NOT_FOUND']);
    expect(await get('/download/agent/..%2F..%2Fetc/linux-x64')).toEqual([400, 'BAD_REQUEST']);
    expect(await get('/download/nodejs/..%2Fsecret.tgz')).toEqual([400, 'BAD_REQUEST']);
    expect(await get('/download/agent/latest/linux-x64')).toEqual([404, 'DOWNLOAD_NOT_BUILT']);
    expect(await get('/download/nodejs/9.9.9.tgz')).toEqual([404, 'DOWNLOAD_NOT_BUILT']);
    const check = await fetch(`${collector.ingestUrl}/v1/agent/check`, { headers: { authorization: 'Bearer nope-nope-nope-nope' } });
    expect(check.status).toBe(401);
    const ok = await fetch(`${collector.ingestUrl}/v1/agent/check`, { headers: { authorization: `Bearer ${collector.ingestKey}` } });
    expect(ok.status).toBe(200);
    const seen = await fetch(`${collector.ingestUrl}/v1/agent/seen?host=0123456789abcdef`, {
      headers: { authorization: `Bearer ${collector.ingestKey}` },
    });
    expect(await seen.json()).toMatchObject({ host: 'host:0123456789abcdef', seen: false, lastSeen: null });
  });
});
