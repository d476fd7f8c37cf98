/**
 * 10x overload (issue 20), shared by bench/chaos/overload.ts and its shorter test (test/chaos): a collector process
 * (embedded storage, default limits) first gets a closed-loop load of 4 senders to measure what it sustains here,
 * then an open-loop load offering `factor` times that, never retrying. Meanwhile a probe sends a small request
 * every 250 ms and the collector's RSS is sampled. Expected: every request answered 200 or 429/503 with
 * Retry-After (no 500, no reset connection), RSS bounded, every acknowledged span stored exactly once, and the
 * collector back to normal (a probe acknowledged at once, everything acknowledged stored) seconds after the load.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestCollector } from '../../collector/testing/index.js';
import { freePort, newCredentials, spanRequest, startCollectorProcess, type CollectorProcess } from './collector-process.js';
import { limitCpu, type CpuLimit } from './cpu-limit.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OverloadOptions {
  capacitySeconds: number;
  overloadSeconds: number;
  /** offered rate = factor x the sustained rate measured first */
  factor: number;
  spansPerRequest: number;
  /** open connections the overload client may hold */
  maxInFlight: number;
  /** the collector's environment (e.g. a smaller ARGUS_INGEST_MAX_INFLIGHT_BYTES) */
  env?: Record<string, string>;
  /** hold the collector to this many CPUs' worth of time (cpu-limit.ts), so the generator can offer `factor` x */
  cpus?: number;
}

interface LoadOut {
  offered: number;
  acked: number;
  ackedRequests: number;
  statuses: Record<string, number>;
  refusedWithoutRetryAfter: number;
  elapsed: number;
  /** seconds until the last request was sent */
  sending: number;
}

function load(c: CollectorProcess, args: Array<string | number>): Promise<LoadOut> {
  return new Promise((resolve, reject) => {
    const p = fork(join(HERE, 'overload-load.ts'), [`${c.ingestUrl}/v1/traces`, c.key, ...args.map(String)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadOut) : reject(new Error(`load exited ${String(code)}`)),
    );
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function storedViaApi(c: CollectorProcess, from: number): Promise<number> {
  const r = await fetch(`${c.apiUrl}/api/v1/services?from=${from}&to=${Date.now() + 60_000}`, {
    headers: { authorization: `Bearer ${c.adminToken}` },
  });
  return ((await r.json()) as { services: Array<{ spans: number }> }).services.reduce((a, s) => a + s.spans, 0);
}

export async function runOverload(o: OverloadOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-chaos-overload-'));
  const [ingestPort, apiPort] = [await freePort(), await freePort()];
  const creds = newCredentials();
  const t0 = Date.now();
  const load0 = loadavg()[0];
  const c = await startCollectorProcess({ dataDir, ingestPort, apiPort, ...creds, env: o.env });
  let limit: CpuLimit | undefined;
  try {
    const pid = c.child.pid!;
    // limited once started (its start-up compiles TypeScript), before it measures what it sustains
    if (o.cpus) limit = limitCpu(pid, o.cpus);
    const cpu = { capacity: 0, overload: 0 };
    const used = () => limit?.usedSeconds() ?? 0;
    const rss = { idle: rssMb(pid), capacityMax: 0, overloadMax: 0, after: 0 };
    let phase: 'capacity' | 'overload' | 'after' = 'capacity';
    const sampler = setInterval(() => {
      const v = rssMb(pid);
      if (phase === 'capacity') rss.capacityMax = Math.max(rss.capacityMax, v);
      if (phase === 'overload') rss.overloadMax = Math.max(rss.overloadMax, v);
    }, 250);

    // 1. what this machine sustains: 4 closed-loop senders
    let cpu0 = used();
    const capacity = await load(c, [o.capacitySeconds, 4, o.spansPerRequest, 0]);
    cpu.capacity = (used() - cpu0) / capacity.elapsed;
    const sustained = capacity.acked / capacity.elapsed;

    // 2. factor x that, open loop, no retries; a probe beside it
    const probe = { sent: 0, acked: 0, ackedSpans: 0, statuses: {} as Record<string, number>, okAfterLoad: 0 };
    let loadEnded = 0;
    let probing = true;
    const probing$ = (async () => {
      while (probing) {
        const { body } = spanRequest('overload-probe', 10);
        const sent = Date.now();
        probe.sent++;
        try {
          const r = await fetch(`${c.ingestUrl}/v1/traces`, {
            method: 'POST',
            headers: { authorization: `Bearer ${c.key}`, 'content-type': 'application/x-protobuf' },
            body: new Uint8Array(body),
            signal: AbortSignal.timeout(30_000),
          });
          await r.arrayBuffer();
          probe.statuses[r.status] = (probe.statuses[r.status] ?? 0) + 1;
          if (r.status === 200) {
            probe.acked++;
            probe.ackedSpans += 10;
            if (loadEnded && sent >= loadEnded && !probe.okAfterLoad) probe.okAfterLoad = Date.now();
          }
        } catch (e) {
          const k = e instanceof Error ? ((e.cause as { code?: string } | undefined)?.code ?? e.name) : 'error';
          probe.statuses[k] = (probe.statuses[k] ?? 0) + 1;
        }
        await sleep(250);
      }
    })();
    phase = 'overload';
    // factor 0: closed loop, every connection sends again as soon as it is answered
    const rate = (sustained * o.factor) / o.spansPerRequest;
    cpu0 = used();
    const overload = await load(c, [o.overloadSeconds, o.maxInFlight, o.spansPerRequest, rate.toFixed(2)]);
    cpu.overload = (used() - cpu0) / overload.elapsed;
    loadEnded = Date.now();
    phase = 'after';

    // 3. recovery: a probe sent after the load is acknowledged, and everything acknowledged is stored
    while (!probe.okAfterLoad && Date.now() - loadEnded < 120_000) await sleep(100);
    probing = false;
    await probing$;
    const expected = capacity.acked + overload.acked + probe.ackedSpans;
    let stored = await storedViaApi(c, t0 - 60_000);
    while (stored < expected && Date.now() - loadEnded < 300_000) {
      await sleep(250);
      stored = await storedViaApi(c, t0 - 60_000);
    }
    const allStoredMs = Date.now() - loadEnded;
    await sleep(5000);
    rss.after = rssMb(pid);
    clearInterval(sampler);
    const load1 = loadavg()[0];
    c.child.kill('SIGTERM');
    await c.exited;

    // exact counts from the data directory: rows and distinct span ids
    const check = await startTestCollector({ dataDir });
    const [row] = await check.deps.storage.query<{ rows: string; ids: string }>(
      'SELECT count() AS rows, uniqExact(span_id) AS ids FROM spans',
    );
    await check.stop();
    return {
      sustained,
      offeredPerSecond: (overload.offered * o.spansPerRequest) / overload.sending,
      capacity,
      overload,
      probe,
      rss,
      /** the collector's CPUs in use (seconds per second) in each phase, when limited */
      cpu,
      acknowledged: expected,
      storedRows: Number(row.rows),
      storedIds: Number(row.ids),
      recoveryMs: probe.okAfterLoad ? probe.okAfterLoad - loadEnded : NaN,
      allStoredMs,
      load0,
      load1,
    };
  } finally {
    if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await c.exited;
    limit?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
