/**
 * Agent chaos (issue 20), shared by bench/chaos/agent-chaos.ts and its shorter test (test/chaos): the real agent
 * (`agent/src/main.ts`, its own process, host sensor at 1 s) sends to a real collector process. Three faults:
 *   1. the agent is SIGKILLed while the collector is up and started again on the same data directory;
 *   2. the collector is SIGKILLed and stays away for `outageSeconds` while the agent keeps sampling every second
 *      (it spools to disk);
 *   3. in the middle of that outage the agent is SIGKILLed too and started again (its spool must survive).
 * Then the collector comes back, the agent replays, both stop, the collector's data directory is opened once more
 * in-process and every stored second of the host's CPU metric is listed. Expected: every second from the first
 * point to the end, except the seconds the agent was dead (kill -> its first sample after the restart) and at
 * most the one or two seconds it had sampled but not yet written when killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestCollector } from '../../collector/testing/index.js';
import { freePort, newCredentials, sigkill, startCollectorProcess, type CollectorProcess } from './collector-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const METRIC = 'system.cpu.time';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface AgentChaosOptions {
  /** how long the collector stays away (the issue: 600) */
  outageSeconds: number;
  /** SIGKILL the agent this long into the outage */
  killAgentAfterSeconds: number;
  /** the agent stays dead this long each time */
  agentDownSeconds: number;
}

export interface AgentDeath {
  what: string;
  /** SIGKILL time (ms) */
  killedAt: number;
  /** the first stored second after the restart (ms) */
  backAt: number;
  /** seconds missing between the kill and the first sample after the restart (the downtime) */
  downSeconds: number;
  /** seconds the agent had sampled before the kill that were never stored (expected: at most 2) */
  lostBeforeKill: number;
}

export interface AgentChaosResult {
  first: number;
  last: number;
  stored: number;
  deaths: AgentDeath[];
  /** missing seconds outside the agent's deaths (expected: 0), with the collector's outage window included */
  missingElsewhere: number[];
  outage: { from: number; to: number; secondsStored: number; secondsExpected: number };
  spoolReplayMs: number;
  load0: number;
  load1: number;
}

function spawnAgent(dir: string, endpoint: string, key: string): ChildProcess {
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, 'sensors: {}\n');
  return spawn(process.execPath, ['--import', 'tsx', 'agent/src/main.ts', '--config', config], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ARGUS_ENDPOINT: endpoint,
      ARGUS_KEY: key,
      ARGUS_AGENT_DATA_DIR: dir,
      ARGUS_IMDS_ENABLED: 'false',
      ARGUS_AGENT_LOG_LEVEL: 'warn',
      ARGUS_AGENT_PORT: '0',
      // the host sensor is the one under test; the others only cost CPU here
      ARGUS_DISABLED_SENSORS: 'process,container,nginx,postgres,redis',
    },
  });
}

const kill = async (p: ChildProcess, signal: NodeJS.Signals) => {
  if (p.exitCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill(signal);
  await gone;
};

/** seconds (ms epoch) stored for the host CPU metric, read through the collector's API with the admin token */
async function apiSeconds(c: CollectorProcess, from: number): Promise<number[]> {
  const h = { authorization: `Bearer ${c.adminToken}` };
  const hosts = (await (await fetch(`${c.apiUrl}/api/v1/infrastructure/entities?type=host`, { headers: h })).json()) as {
    entities?: Array<{ id: string }>;
  };
  const host = hosts.entities?.[0]?.id;
  if (!host) return [];
  const q = new URLSearchParams({ entity: host, metric: METRIC, from: String(from), to: String(Date.now()), maxPoints: '10000' });
  const r = (await (await fetch(`${c.apiUrl}/api/v1/metrics?${q.toString()}`, { headers: h })).json()) as {
    series?: Array<{ points: Array<{ t: number }> }>;
  };
  return [...new Set((r.series ?? []).flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
}

async function waitFor(what: string, ms: number, ok: () => Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`agent chaos: ${what} did not happen within ${ms / 1000} s`);
}

export async function runAgentChaos(o: AgentChaosOptions): Promise<AgentChaosResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-chaos-agent-col-'));
  const agentDir = mkdtempSync(join(tmpdir(), 'argus-chaos-agent-'));
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const creds = newCredentials();
  const startCollector = () => startCollectorProcess({ dataDir, ingestPort, apiPort, ...creds });
  const load0 = loadavg()[0];
  const t0 = Date.now();
  let c: CollectorProcess | undefined = await startCollector();
  let agent = spawnAgent(agentDir, c.ingestUrl, creds.key);
  const kills: Array<{ what: string; at: number; restartedAt: number }> = [];
  try {
    await waitFor('the first host CPU points', 120_000, async () => (await apiSeconds(c!, t0)).length >= 5);

    // 1. agent SIGKILL with the collector up
    let at = Date.now();
    await kill(agent, 'SIGKILL');
    await sleep(o.agentDownSeconds * 1000);
    agent = spawnAgent(agentDir, c.ingestUrl, creds.key);
    kills.push({ what: 'agent SIGKILL, collector up', at, restartedAt: Date.now() });
    await waitFor('points after the agent restart', 120_000, async () => (await apiSeconds(c!, Date.now() - 3000)).length >= 2);

    // 2. the collector goes away; 3. the agent dies in the middle of the outage and comes back
    const down = Date.now();
    await sigkill(c);
    c = undefined;
    await sleep(o.killAgentAfterSeconds * 1000);
    at = Date.now();
    await kill(agent, 'SIGKILL');
    await sleep(o.agentDownSeconds * 1000);
    agent = spawnAgent(agentDir, `http://127.0.0.1:${ingestPort}`, creds.key);
    kills.push({ what: 'agent SIGKILL during the collector outage', at, restartedAt: Date.now() });
    await sleep(Math.max(0, down + o.outageSeconds * 1000 - Date.now()));
    c = await startCollector();
    const up = Date.now();
    // the replay: the spool goes oldest first and new samples queue behind it, so once a second sampled after the
    // collector came back is stored, the whole outage has been delivered (the final count below checks it). The
    // agent retries with its default backoff (up to 30 s), as deployed.
    await waitFor('the spool replay', 300_000, async () => ((await apiSeconds(c!, down)).at(-1) ?? 0) >= up + 1000);
    const spoolReplayMs = Date.now() - up;
    await sleep(3000);
    await kill(agent, 'SIGTERM');
    await kill(c.child, 'SIGTERM');
    c = undefined;
    const load1 = loadavg()[0];

    // every stored second, read from the data directory itself
    const check = await startTestCollector({ dataDir });
    const rows = await check.deps.storage.query<{ t: string }>(
      `SELECT DISTINCT toUnixTimestamp64Milli(timestamp) AS t FROM metric_points WHERE metric = {metric:String} ORDER BY t`,
      { metric: METRIC },
    );
    await check.stop();
    const seconds = rows.map((r) => Number(r.t));
    const have = new Set(seconds);
    const first = seconds[0] ?? 0;
    const last = seconds.at(-1) ?? 0;
    const deaths: AgentDeath[] = kills.map((k) => {
      const backAt = seconds.find((t) => t > k.restartedAt) ?? last;
      let lostBeforeKill = 0;
      for (let t = Math.floor(k.at / 1000) * 1000; t > k.at - 10_000 && !have.has(t); t -= 1000) lostBeforeKill++;
      return { what: k.what, killedAt: k.at, backAt, downSeconds: Math.round((backAt - k.at) / 1000), lostBeforeKill };
    });
    const missingElsewhere: number[] = [];
    for (let t = first; t <= last; t += 1000) {
      if (have.has(t)) continue;
      const inDeath = deaths.some((d) => t > d.killedAt - (d.lostBeforeKill + 1) * 1000 && t < d.backAt);
      if (!inDeath) missingElsewhere.push(t);
    }
    const from = Math.ceil(down / 1000) * 1000;
    const to = Math.floor(up / 1000) * 1000;
    let secondsStored = 0;
    for (let t = from; t <= to; t += 1000) if (have.has(t)) secondsStored++;
    return {
      first,
      last,
      stored: seconds.length,
      deaths,
      missingElsewhere,
      outage: { from, to, secondsStored, secondsExpected: (to - from) / 1000 + 1 },
      spoolReplayMs,
      load0,
      load1,
    };
  } finally {
    await kill(agent, 'SIGKILL');
    if (c) await kill(c.child, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(agentDir, { recursive: true, force: true });
  }
}
