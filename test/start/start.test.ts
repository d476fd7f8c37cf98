/**
 * The one-command start, end to end: `pnpm start --demo` (the root start script, run with this Node.js) in a
 * clean copy of the tree (the files a clone would hold, freshly `pnpm install`ed, see clean-tree.ts), with a
 * fresh temporary data directory and free ports. Everything is real: the collector with embedded ClickHouse,
 * the agent, the demo shop's four traced services, PostgreSQL/Redis when installed and headless Chromium when
 * installed.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticateFetch } from '../../collector/testing/authenticated-fetch.js';
import { findChromium } from '../../demo/src/load/visitor.js';
import { crossServiceTrace, demoEdge, demoPageLoads, hasDemoServices, hostSecondPoints } from './checks.js';
import { cleanInstalledCopy } from './clean-tree.js';
import { pickPorts, portFlags, repoRoot, runStart, until, type StartPorts, type Started } from './harness.js';

const chromium = findChromium();
let dataDir = '';
let root = '';
let ports: StartPorts;
let firstKey = '';
const running: Started[] = [];

/** the API needs a token: the launcher's instance-admin token from argus-start.json, once it has written it */
function authorize(): boolean {
  const file = join(dataDir, 'argus-start.json');
  if (!existsSync(file)) return false;
  authenticateFetch(`http://127.0.0.1:${ports.api}`, (JSON.parse(readFileSync(file, 'utf8')) as { adminToken: string }).adminToken);
  return true;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'argus-start-'));
  // PostgreSQL refuses to run as root; the demo runs it as the postgres user, who must reach the data directory
  chmodSync(dataDir, 0o755);
  ports = await pickPorts();
  root = await cleanInstalledCopy(repoRoot);
}, 300_000);

// a failed assertion must not leave a running Argus behind (nor block the next test's ports)
afterEach(async () => {
  for (const s of running.splice(0)) {
    if (s.child.exitCode === null) s.child.kill('SIGINT');
    await Promise.race([s.exited, new Promise((r) => setTimeout(r, 60_000))]);
    for (const pid of s.alive())
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  }
}, 90_000);

afterAll(() => {
  for (const dir of [root, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

async function stopAndCheckNothingLeft(s: Started): Promise<void> {
  s.sample();
  s.child.kill('SIGINT');
  const code = await Promise.race([s.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 90_000))]);
  expect(code, s.output()).toBe(0);
  await until(
    Date.now() + 10_000,
    () => {},
    () => s.alive().length === 0,
  );
  expect(s.alive(), 'processes left running after Ctrl-C').toEqual([]);
  expect(s.output()).toMatch(/Argus stopped\./);
}

describe('pnpm start', () => {
  it('--demo: services, an edge, 1-second host metrics and page loads within 90 s; SIGINT stops everything', async () => {
    const started = Date.now();
    const s = runStart(root, ['--demo', '--data-dir', dataDir, ...portFlags(ports)]);
    running.push(s);
    const api = `http://127.0.0.1:${ports.api}/api/v1`;
    const seen = { services: false, edge: '', trace: [] as string[], hostPoints: 0, pageLoads: 0 };
    await until(started + 90_000, s.sample, async () => {
      if (s.child.exitCode !== null) return true;
      if (!authorize()) return false;
      // the checks run side by side: on a busy machine each API call can take seconds
      const [services, edge, trace, hostPoints, pageLoads] = await Promise.all([
        seen.services || hasDemoServices(api),
        seen.edge || demoEdge(api),
        seen.trace.length >= 2 ? seen.trace : crossServiceTrace(api),
        seen.hostPoints >= 5 ? seen.hostPoints : hostSecondPoints(api),
        !chromium || seen.pageLoads > 0 ? seen.pageLoads : demoPageLoads(api),
      ]);
      Object.assign(seen, { services, edge: edge ?? '', trace: trace ?? [], hostPoints: Math.max(seen.hostPoints, hostPoints), pageLoads });
      return seen.services && seen.edge !== '' && seen.trace.length >= 2 && seen.hostPoints >= 5 && (!chromium || seen.pageLoads > 0);
    });
    const elapsed = Date.now() - started;
    const output = s.output();
    expect(s.child.exitCode, output).toBeNull();
    expect(seen.services, `demo services in /api/v1/services\n${output}`).toBe(true);
    expect(seen.edge, 'an edge between two demo services in /api/v1/dependency-map').not.toBe('');
    expect(seen.trace.length, 'one trace spanning two demo services').toBeGreaterThanOrEqual(2);
    expect(seen.hostPoints, 'consecutive 1-second host metric points').toBeGreaterThanOrEqual(5);
    if (chromium) expect(seen.pageLoads, 'page load beacons from the headless visitor').toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(90_000);
    console.log(
      `start --demo: all checks true after ${(elapsed / 1000).toFixed(1)} s (edge ${seen.edge}, trace ${seen.trace.join('/')}, ` +
        `${seen.hostPoints} one-second host points, ${seen.pageLoads} page loads, ${s.seenPids.size} processes in the tree)`,
    );

    expect(output).toMatch(/applying migration/);
    expect(output).toMatch(new RegExp(`Demo shop\\s+http://127\\.0\\.0\\.1:${ports.demo}`));
    firstKey = /Ingest key\s+(\S+)/.exec(output)?.[1] ?? '';
    expect(firstKey).toMatch(/^ak_/);
    // the owner's login and the admin token are printed on the first start only
    expect(output).toMatch(/Log in\s+admin@argus\.local \/ \S{12,}\s+\(shown only now\)/);
    expect(output).toMatch(/Admin token\s+at_/);
    // collector, agent, demo supervisor and its four services at least
    expect(s.seenPids.size).toBeGreaterThanOrEqual(7);
    await stopAndCheckNothingLeft(s);
    expect(s.output()).toMatch(/demo stopped[\s\S]*agent stopped[\s\S]*collector stopped/);
  }, 240_000);

  it('a second start reuses the data directory: same key, earlier data still there', async () => {
    const s = runStart(root, ['--no-agent', '--data-dir', dataDir, ...portFlags(ports)]);
    running.push(s);
    const api = `http://127.0.0.1:${ports.api}/api/v1`;
    const ok = await until(
      Date.now() + 60_000,
      s.sample,
      async () => s.child.exitCode !== null || (s.output().includes('Argus is running.') && authorize() && hasDemoServices(api)),
    );
    expect(ok && s.child.exitCode === null, s.output()).toBe(true);
    expect(s.output()).toMatch(/reusing the data directory/);
    // no credentials printed again: the key is the one kept in argus-start.json
    expect(s.output()).not.toMatch(/Ingest key\s+ak_|Admin token\s+at_|shown only now/);
    expect((JSON.parse(readFileSync(join(dataDir, 'argus-start.json'), 'utf8')) as { ingestKey: string }).ingestKey).toBe(firstKey);
    await stopAndCheckNothingLeft(s);
  }, 150_000);

  it('a port already in use gives a clear message naming the flag, and starts nothing', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(ports.api, '127.0.0.1', () => r()));
    try {
      const s = runStart(root, ['--demo', '--data-dir', dataDir, ...portFlags(ports)]);
      running.push(s);
      const code = await s.exited;
      expect(code, s.output()).toBe(2);
      expect(s.output()).toContain(`port ${ports.api} (collector API) is already in use`);
      expect(s.output()).toContain('--api-port <port>');
      expect(s.output()).not.toMatch(/starting the collector/);
    } finally {
      blocker.close();
    }
  }, 30_000);
});
