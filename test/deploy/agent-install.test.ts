/**
 * The deployed agent end to end on this machine: `pnpm build:agent` output (bundled agent + its own Node.js runtime)
 * served by a real collector, installed by the real install.sh (fetched from the collector's GET /install.sh) into a
 * throwaway root with a recording systemctl that really starts the unit's ExecStart, which reports to the collector.
 * Also: the artifact runs from an empty directory with no node_modules; the installed unit passes
 * `systemd-analyze verify`; a second run changes nothing; bad key / unreachable collector fail before any change;
 * upgrade to a newer version; uninstall and purge. Builds one platform (~20-40 s: bundling and packing ~100 MB).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { agentFileName, agentVersion, buildAgentArtifacts, sha256File, type AgentManifest } from '../../agent/build/build.js';
import { hostPlatform } from '../../agent/build/runtime.js';
import { makeRoot, runScript, snapshotTree, type TestRoot } from './root.js';

const platform = hostPlatform();
const downloads = mkdtempSync(join(tmpdir(), 'argus-downloads-'));
const version = agentVersion();
const machineId = existsSync('/etc/machine-id') ? readFileSync('/etc/machine-id', 'utf8').trim() : '';
let collector: TestCollector;
let manifest: AgentManifest;
let script: string;
const roots: TestRoot[] = [];

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!platform || process.getuid?.() !== 0)('self-contained agent and install.sh', () => {
  beforeAll(async () => {
    manifest = await buildAgentArtifacts({ platforms: [platform!], outDir: downloads });
    process.env.ARGUS_DOWNLOADS_DIR = downloads;
    process.env.ARGUS_DOWNLOADS_BUILD = 'off';
    collector = await startTestCollector({ ingestKey: 'ak_deploy_test_key_0123456789' });
    const res = await fetch(`${collector.ingestUrl}/install.sh`);
    expect(res.status).toBe(200);
    script = join(downloads, 'install.sh');
    writeFileSync(script, await res.text());
  }, 300_000);

  afterAll(async () => {
    for (const r of roots) {
      const pid = r.agentPid();
      if (alive(pid)) process.kill(pid!, 'SIGKILL');
    }
    await collector?.destroy();
    rmSync(downloads, { recursive: true, force: true });
    for (const r of roots) rmSync(join(r.root, '..'), { recursive: true, force: true });
  });

  const env = (r: TestRoot, extra: Record<string, string> = {}) => ({
    ARGUS_INSTALL_ROOT: r.root,
    ARGUS_SYSTEMCTL: join(import.meta.dirname, 'fixtures/fake-systemctl.sh'),
    FAKE_SYSTEMD_DIR: r.systemd,
    ARGUS_KEY: 'ak_deploy_test_key_0123456789',
    ARGUS_WAIT_SECONDS: '60',
    ...extra,
  });

  it('builds a reproducible tarball with its checksum, runtime and start script', async () => {
    const entry = manifest.platforms[platform!]!;
    const file = join(downloads, 'agent', version, agentFileName(version, platform!));
    expect(entry.file).toBe(agentFileName(version, platform!));
    expect(await sha256File(file)).toBe(entry.sha256);
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${entry.sha256}  ${entry.file}\n`);
    expect(manifest.nodeFlags).toBe('--max-semi-space-size=1 --lite-mode --single-threaded --no-expose-wasm');
    const list = execFileSync('tar', ['-tzvf', file], { encoding: 'utf8' });
    expect(list).toMatch(/-rwxr-xr-x 0\/0 .* argus-agent-[^/]+\/node\n/);
    expect(list).toMatch(/argus-agent-[^/]+\/argus-agent\.service\n/);
    // rebuilding the same sources gives the same bytes (re-running the installer after a rebuild changes nothing)
    const again = await buildAgentArtifacts({ platforms: [platform!], outDir: join(downloads, 'rebuild') });
    expect(again.platforms[platform!]!.sha256).toBe(entry.sha256);
    rmSync(join(downloads, 'rebuild'), { recursive: true });
  }, 120_000);

  it('runs from an empty directory without node_modules or a system node, discovers processes and reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-agent-empty-'));
    execFileSync('tar', ['-xzf', join(downloads, 'agent', version, agentFileName(version, platform!)), '-C', dir, '--strip-components=1']);
    expect(readdirSync(dir)).not.toContain('node_modules');
    const start = readFileSync(join(dir, 'argus-agent'), 'utf8');
    expect(start).toContain('exec "$dir/node" --max-semi-space-size=1 --lite-mode --single-threaded --no-expose-wasm');
    writeFileSync(join(dir, 'agent.yaml'), `endpoint: '${collector.ingestUrl}'\nkey: '${collector.ingestKey}'\n`);
    const child = spawn(join(dir, 'argus-agent'), ['--config', join(dir, 'agent.yaml')], {
      cwd: dir,
      // PATH without any node: the start script must use its own runtime
      env: {
        PATH: '/nonexistent',
        ARGUS_AGENT_DATA_DIR: join(dir, 'data'),
        ARGUS_AGENT_PORT: '0',
        ARGUS_IMDS_ENABLED: 'false',
        ARGUS_HOSTNAME: 'argus-artifact-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const api = `${collector.apiUrl}/api/v1/infrastructure/entities`;
      type Entity = { id: string; name: string; agentId: string; online: boolean; attributes: Record<string, unknown> };
      const list = async (type: string) =>
        ((await (await fetch(`${api}?type=${type}&limit=5000`, { headers: collector.authHeaders })).json()) as { entities: Entity[] })
          .entities;
      const agent = await waitFor('the artifact agent entity', async () =>
        (await list('agent')).find((e) => e.attributes['process.pid'] === child.pid),
      );
      // discovered processes, reported by this agent
      const processes = await waitFor('process entities from the artifact agent', async () => {
        const mine = (await list('process')).filter((e) => e.agentId === agent.id);
        return mine.length >= 3 ? mine : undefined;
      });
      expect(processes.every((p) => typeof p.attributes['process.pid'] === 'number')).toBe(true);
      const host = (await list('host')).find((h) => h.name === 'argus-artifact-test');
      expect(host?.online).toBe(true);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nagent log:\n${log.slice(-3000)}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses a bad key and an unreachable collector before changing anything', async () => {
    const r = makeRoot();
    roots.push(r);
    const before = snapshotTree(r.root);
    const bad = await runScript(script, [], env(r, { ARGUS_KEY: 'ak_not_a_known_key_000000' }));
    expect(bad.code, bad.out).toBe(1);
    expect(bad.out).toContain('does not accept this ingest key');
    const port = Number(new URL(collector.ingestUrl).port);
    const down = await runScript(script, [], env(r, { ARGUS_ENDPOINT: `http://127.0.0.1:${port === 1 ? 2 : 1}` }));
    expect(down.code, down.out).toBe(1);
    expect(down.out).toContain('cannot reach the collector');
    const nokey = await runScript(script, [], env(r, { ARGUS_KEY: '' }));
    expect(nokey.code).toBe(1);
    expect(nokey.out).toContain('no ingest key');
    expect(snapshotTree(r.root)).toEqual(before);
    expect(r.calls()).toEqual([]);
  });

  it('installs, starts, waits until the collector sees the host; a second run changes nothing; upgrades; uninstalls', async () => {
    const r = makeRoot();
    roots.push(r);
    // 1. install (endpoint from the served script: no ARGUS_ENDPOINT given)
    const first = await runScript(script, [], env(r, { ARGUS_ZONE: 'eu-test-1', ARGUS_TAGS: 'team=deploy,env=test' }));
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain(`installed agent ${version} in /opt/argus-agent/${version}`);
    if (machineId) expect(first.out).toContain('sees this host: done');
    const root = r.root;
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const user = /^argus-agent:x:(\d+):(\d+):[^:]*:\/var\/lib\/argus-agent:(\S+)$/m.exec(passwd);
    expect(user, passwd).not.toBeNull();
    expect(user![3]).toMatch(/nologin$/);
    expect(existsSync(join(root, `opt/argus-agent/${version}/node`))).toBe(true);
    expect(readFileSync(join(root, 'opt/argus-agent/current/VERSION'), 'utf8').trim()).toBe(version);
    expect(readFileSync(join(root, 'etc/systemd/system/argus-agent.service'), 'utf8')).toBe(
      readFileSync(join(import.meta.dirname, '../../deploy/systemd/argus-agent.service'), 'utf8'),
    );
    const conf = join(root, 'etc/argus/agent.yaml');
    const yaml = readFileSync(conf, 'utf8');
    expect(yaml).toContain(`endpoint: '${collector.ingestUrl}'`);
    expect(yaml).toContain("key: 'ak_deploy_test_key_0123456789'");
    expect(yaml).toContain("zone: 'eu-test-1'");
    expect(yaml).toContain("  'team': 'deploy'");
    expect(statSync(conf).mode & 0o777).toBe(0o640);
    expect(statSync(conf).gid).toBe(Number(user![2]));
    const state = statSync(join(root, 'var/lib/argus-agent'));
    expect([state.mode & 0o777, state.uid, state.gid]).toEqual([0o750, Number(user![1]), Number(user![2])]);
    expect(r.calls()).toEqual(expect.arrayContaining(['daemon-reload', 'enable argus-agent', 'start argus-agent']));
    const pid = r.agentPid();
    expect(alive(pid)).toBe(true);
    // the running agent is the installed one, with its bundled runtime and the benchmarked V8 flags
    const cmdline = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
    expect(cmdline[0]).toBe(join(root, 'opt/argus-agent/current/node'));
    expect(cmdline).toContain('--lite-mode');

    // 2. the installed unit passes systemd-analyze verify (against this root, with the system's own unit files)
    cpSync('/usr/lib/systemd/system', join(root, 'usr/lib/systemd/system'), { recursive: true });
    const v = (() => {
      try {
        return {
          code: 0,
          out: execFileSync('systemd-analyze', ['verify', `--root=${root}`, '/etc/systemd/system/argus-agent.service'], {
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (e) {
        const err = e as { status: number; stderr: string; stdout: string };
        return { code: err.status, out: `${err.stdout}${err.stderr}` };
      }
    })();
    expect(v, v.out).toEqual({ code: 0, out: '' });
    rmSync(join(root, 'usr/lib/systemd'), { recursive: true });

    // 3. a second run changes nothing: same files, no mutating systemctl call
    const before = snapshotTree(root);
    const callsBefore = r.calls().length;
    const second = await runScript(script, [], env(r));
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('nothing changed');
    expect(snapshotTree(root)).toEqual(before);
    expect(
      r
        .calls()
        .slice(callsBefore)
        .every((c) => /^is-(enabled|active) /.test(c)),
    ).toBe(true);
    expect(r.agentPid()).toBe(pid);

    // 4. upgrade: a newer version (the same agent repackaged as 0.1.99 by this test) replaces the running one,
    // keeps the config and the previous version for rollback
    const next = '0.1.99';
    await repackage(version, next);
    const up = await runScript(script, ['--version', next], env(r, { ARGUS_KEY: 'ak_deploy_test_key_0123456789' }));
    expect(up.code, up.out).toBe(0);
    expect(up.out).toContain(`/opt/argus-agent/current -> ${next} (was ${version})`);
    expect(readFileSync(conf, 'utf8')).toBe(yaml);
    expect(readdirSync(join(root, 'opt/argus-agent')).sort()).toEqual([version, next, 'current'].sort());
    expect(r.calls().slice(callsBefore)).toContain('restart argus-agent');
    expect(alive(pid)).toBe(false);
    expect(alive(r.agentPid())).toBe(true);

    // 5. uninstall keeps config, state and user; --purge removes them
    const un = await runScript(script, ['--uninstall'], env(r));
    expect(un.code, un.out).toBe(0);
    expect(r.calls()).toContain('disable --now argus-agent');
    expect(alive(r.agentPid())).toBe(false);
    expect(existsSync(join(root, 'opt/argus-agent'))).toBe(false);
    expect(existsSync(join(root, 'etc/systemd/system/argus-agent.service'))).toBe(false);
    expect(existsSync(conf)).toBe(true);
    const purge = await runScript(script, ['--uninstall', '--purge'], env(r));
    expect(purge.code, purge.out).toBe(0);
    expect(existsSync(conf)).toBe(false);
    expect(existsSync(join(root, 'var/lib/argus-agent'))).toBe(false);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).not.toContain('argus-agent');
  }, 240_000);
});

/** The current tarball relabelled as another version (what a newer `pnpm build:agent` would publish). */
async function repackage(from: string, to: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'argus-repack-'));
  const src = join(downloads, 'agent', from, agentFileName(from, platform!));
  execFileSync('tar', ['-xzf', src, '-C', work]);
  const oldDir = `argus-agent-${from}-${platform!}`;
  const newDir = `argus-agent-${to}-${platform!}`;
  execFileSync('mv', [join(work, oldDir), join(work, newDir)]);
  writeFileSync(join(work, newDir, 'VERSION'), `${to}\n`);
  const outDir = join(downloads, 'agent', to);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, agentFileName(to, platform!));
  execFileSync('sh', ['-c', `tar -C "${work}" -czf "${file}" "${newDir}"`]);
  const sha256 = await sha256File(file);
  writeFileSync(`${file}.sha256`, `${sha256}  ${agentFileName(to, platform!)}\n`);
  const m: AgentManifest = {
    ...manifest,
    version: to,
    platforms: { [platform!]: { file: agentFileName(to, platform!), sha256, bytes: statSync(file).size } },
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(m));
  rmSync(work, { recursive: true, force: true });
}
