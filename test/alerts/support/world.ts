/**
 * The alert scenarios' world: the real collector, the real agent (host and process sensors, tracer intake), a
 * real PostgreSQL, three traced services (frontend -> orders -> inventory -> PostgreSQL) started with
 * `--import @argus/nodejs/register`, steady load on the frontend, and local Slack/webhook/PagerDuty/SMTP receivers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningAgent } from '@argus/agent';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { startTestAgent } from '../../../agent/testing/test-agent.js';
import { sensor as host } from '../../../sensors/host/src/index.js';
import { sensor as processSensor } from '../../../sensors/process/src/index.js';
import { freePort, startPostgres, type PostgresServer } from '../../servers/index.js';

const fixture = fileURLToPath(new URL('../fixture/', import.meta.url));

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startService(name: string, version: 'v1' | 'v2', env: Record<string, string>, agentPort: number): Promise<Service> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARGUS_') && !k.startsWith('OTEL_') && !k.startsWith('PG')),
  );
  const child = spawn(process.execPath, ['--import', '@argus/nodejs/register', 'service.cjs'], {
    cwd: join(fixture, version),
    env: {
      ...clean,
      ...env,
      ARGUS_SERVICE_NAME: name,
      ARGUS_AGENT_PORT: String(agentPort),
      ARGUS_FLUSH_MS: '250',
      CPU_MS: env.CPU_MS ?? '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 120_000);
    child.stdout.on('data', () => {
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${name} exited with ${String(code)}: ${out}`))));
  });
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 4000);
        child.once('exit', () => (clearTimeout(kill), resolve()));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Steady load: `rps` requests per second to `url()` from a separate process (support/load.mjs: open loop up to 100
 * requests in flight, 30 s timeout), counting answers by status class. Not in this process: the in-process collector and agent would
 * slow the load down with them whenever they are busy, and real users do not wait for the collector.
 */
export function startLoad(url: () => string, rps: number) {
  const stats = { sent: 0, ok: 0, failed: 0, inflight: 0 };
  let current = url();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./load.mjs', import.meta.url))], {
    env: { PATH: process.env.PATH ?? '', URL: current, RPS: String(rps) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (m) => {
    Object.assign(stats, m);
  });
  const follow = setInterval(() => {
    const next = url();
    if (next !== current && child.connected) child.send({ url: (current = next) });
  }, 250);
  return {
    stats,
    /** the load generator's process (its users are not on this host: a CPU hog raises it with the monitoring) */
    pid: child.pid ?? 0,
    stop: () => {
      clearInterval(follow);
      child.kill();
    },
  };
}

export interface World {
  collector: TestCollector;
  agent: RunningAgent;
  postgres: PostgresServer;
  pgPort: number;
  agentPort: number;
  services: Record<'frontend' | 'orders' | 'inventory', Service>;
  stop(): Promise<void>;
}

export async function startWorld(collectorEnv: Record<string, string> = {}): Promise<World> {
  Object.assign(process.env, collectorEnv);
  const collector = await startTestCollector();
  const agentDir = mkdtempSync(join(tmpdir(), 'argus-alerts-agent-'));
  const agentPort = await freePort();
  const agent = await startTestAgent({
    endpoint: collector.ingestUrl,
    key: collector.ingestKey,
    dataDir: agentDir,
    sensors: [host, processSensor],
    env: { ARGUS_AGENT_PORT: String(agentPort) },
    tracerIntake: true,
  });
  const postgres = await startPostgres();
  const pg = { PGHOST: '127.0.0.1', PGPORT: String(postgres.port), PGUSER: 'postgres', PGDATABASE: 'postgres' };
  const inventory = await startService('inventory', 'v1', pg, agentPort);
  const orders = await startService('orders', 'v1', { DOWNSTREAM: inventory.url }, agentPort);
  const frontend = await startService('frontend', 'v1', { DOWNSTREAM: orders.url }, agentPort);
  const world: World = {
    collector,
    agent,
    postgres,
    pgPort: postgres.port,
    agentPort,
    services: { frontend, orders, inventory },
    async stop() {
      await Promise.all(Object.values(world.services).map((s) => s.stop()));
      await world.postgres.stop().catch(() => undefined);
      await agent.stop();
      await collector.destroy();
      rmSync(agentDir, { recursive: true, force: true });
    },
  };
  return world;
}
