/** A throwaway root for installer tests: the files install.sh reads and writes, and a recording systemctl. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_SYSTEMCTL = join(import.meta.dirname, 'fixtures/fake-systemctl.sh');

export interface TestRoot {
  root: string;
  /** the fake systemctl's state: calls.log, <unit>.pid, <unit>.log */
  systemd: string;
  calls(): string[];
  agentPid(): number | undefined;
}

export function makeRoot(): TestRoot {
  const base = mkdtempSync(join(tmpdir(), 'argus-install-'));
  const root = join(base, 'root');
  const systemd = join(base, 'systemd');
  for (const d of ['etc', 'run/systemd/system', 'usr/sbin', 'var/lib']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\n');
  writeFileSync(join(root, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  writeFileSync(join(root, 'etc/gshadow'), 'root:*::\n', { mode: 0o640 });
  // the agent (started by the fake systemctl) reads the real /etc/machine-id; the installer reads the root's
  if (existsSync('/etc/machine-id')) copyFileSync('/etc/machine-id', join(root, 'etc/machine-id'));
  return {
    root,
    systemd,
    calls: () => (existsSync(join(systemd, 'calls.log')) ? readFileSync(join(systemd, 'calls.log'), 'utf8').trim().split('\n') : []),
    agentPid() {
      const f = join(systemd, 'argus-agent.pid');
      return existsSync(f) ? Number(readFileSync(f, 'utf8')) : undefined;
    },
  };
}

/**
 * path -> type, mode, owner, size, mtime and content hash of everything under dir (what "changes nothing" compares),
 * except the contents of `skip` directories (the running agent's spool).
 */
export function snapshotTree(dir: string, skip: string[] = ['/var/lib/argus-agent']): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = p.slice(dir.length);
      const head = `${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs}`;
      if (st.isSymbolicLink()) out[rel] = `${head} -> ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `${head} dir`;
        if (!skip.includes(rel)) walk(p);
      } else out[rel] = `${head} ${st.size} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(dir);
  return out;
}

export interface RunResult {
  code: number | null;
  out: string;
}

/** Runs a shell script with bash; resolves with the exit code and combined output. */
export function runScript(script: string, args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
