import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendantPids, isPortFree, isSameAlive, startTicks } from '../../common/supervise/src/index.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface StartPorts {
  ingest: number;
  api: number;
  agent: number;
  demo: number;
}

/** The first port the kernel hands out for outgoing connections: a port picked at or above it can be taken by any
 * connection between the check and the start (the launcher also checks 0.0.0.0, which a client socket blocks). */
function ephemeralStart(): number {
  try {
    const lo = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(lo) && lo > 12_000 ? lo : 32_768;
  } catch {
    return 32_768;
  }
}

/** Free ports for one start, below the ephemeral range: ingest, api, agent, then the demo's four in a row. */
export async function pickPorts(): Promise<StartPorts> {
  const top = ephemeralStart() - 8;
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 10_000 + Math.floor(Math.random() * (top - 10_000));
    const block = Array.from({ length: 7 }, (_, i) => base + i);
    // each port on loopback, then on all interfaces (as the launcher checks); the two checks must not overlap
    const free = await Promise.all(block.map(async (p) => (await isPortFree(p)) && (await isPortFree(p, '0.0.0.0'))));
    if (free.every(Boolean)) return { ingest: base, api: base + 1, agent: base + 2, demo: base + 3 };
  }
  throw new Error('no block of seven free ports found');
}

export function portFlags(p: StartPorts): string[] {
  return ['--ingest-port', String(p.ingest), '--api-port', String(p.api), '--agent-port', String(p.agent), '--demo-port', String(p.demo)];
}

/** The command of the root `start` script (what `pnpm start` runs), with this Node.js as `node`. */
export function startScript(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`unexpected start script: ${pkg.scripts.start}`);
  return args;
}

export interface Started {
  child: ChildProcess;
  output(): string;
  /** every process seen below the start command so far: pid -> start time (so a reused pid is not mistaken for it) */
  seenPids: Map<number, number>;
  /** the seen processes still running */
  alive(): number[];
  /** records the processes below the start command now (passed around as a callback) */
  sample: () => void;
  exited: Promise<number | null>;
}

/** Runs the start command in `root` with a clean environment (no ARGUS_* variables). */
export function runStart(root: string, flags: string[]): Started {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('ARGUS_')) env[k] = v;
  const child = spawn(process.execPath, [...startScript(root), ...flags], {
    cwd: root,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const seenPids = new Map<number, number>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    seenPids,
    sample: () => {
      if (!child.pid || child.exitCode !== null) return;
      for (const pid of descendantPids(child.pid)) {
        const ticks = startTicks(pid);
        if (ticks !== undefined && !seenPids.has(pid)) seenPids.set(pid, ticks);
      }
    },
    alive: () => [...seenPids].filter(([pid, ticks]) => isSameAlive(pid, ticks)).map(([pid]) => pid),
    exited,
  };
}

/** GET a JSON API path; undefined on any failure or non-2xx. */
export async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/** Waits for `check` to return true, calling `tick` every round; returns false at the deadline. */
export async function until(deadline: number, tick: () => void, check: () => boolean | Promise<boolean>): Promise<boolean> {
  while (Date.now() < deadline) {
    tick();
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}
