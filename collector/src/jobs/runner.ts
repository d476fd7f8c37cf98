import type { Logger } from 'pino';
import { ArgusError } from '../errors.js';
import type { Telemetry } from '../telemetry.js';
import type { Lease } from './lease.js';
import type { JobDefinition, JobRunner, JobStatus } from './types.js';

export interface RunnerOptions {
  log: Logger;
  telemetry: Telemetry;
  /** decides where singleton jobs run (lease.ts) */
  lease: Lease;
  /** at stop, how long a run in progress may finish before it is aborted (default 10 s) */
  stopGraceMs?: number;
}

interface Slot {
  def: JobDefinition;
  timeoutMs: number;
  log: Logger;
  status: JobStatus;
  timer?: NodeJS.Timeout;
  nextAt: number;
  running?: Promise<void>;
  abort?: AbortController;
  /** last time a failure was logged (failures of a fast job are logged at most once a minute) */
  loggedFailureAt: number;
}

const FAILURE_LOG_EVERY_MS = 60_000;

const wait = (p: Promise<void>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.finally(() => {
      clearTimeout(t);
      resolve(true);
    });
  });

/**
 * The collector's one job runner. Each job runs at a fixed rate (slots every intervalMs); a slot that comes while
 * the previous run is still going is skipped, never overlapped, which keeps a 1-second job cheap and safe. Runs
 * get an AbortSignal (timeout, shutdown) and a logger; each job has its own metrics on GET /metrics. Singleton
 * jobs run only while this collector holds the lease. `stop()` stops the jobs in reverse registration order,
 * letting a run in progress finish (up to stopGraceMs), then gives the lease up.
 */
export function createJobRunner(o: RunnerOptions): JobRunner & { start(): Promise<void>; stop(): Promise<void> } {
  const slots = new Map<string, Slot>();
  let started = false;
  let stopping = false;
  const { telemetry } = o;
  telemetry.gauge('argus_jobs_leader', {}, () => (o.lease.held() ? 1 : 0));

  const schedule = (s: Slot) => {
    if (stopping) return;
    s.timer = setTimeout(() => fire(s), Math.max(0, s.nextAt - Date.now()));
  };

  const fire = (s: Slot) => {
    const scheduled = s.nextAt;
    const interval = s.def.intervalMs;
    const now = Date.now();
    s.nextAt += interval;
    if (s.nextAt <= now) s.nextAt = now + interval - ((now - scheduled) % interval);
    schedule(s);
    if (s.running) {
      s.status.skipped++;
      telemetry.count('argus_job_skipped_total', { job: s.def.name });
      return;
    }
    if (s.def.singleton && !o.lease.held()) return;
    runOnce(s, scheduled);
  };

  const runOnce = (s: Slot, now: number) => {
    const job = s.def.name;
    const abort = new AbortController();
    s.abort = abort;
    s.status.running = true;
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      s.log.warn({ timeoutMs: s.timeoutMs }, 'job run exceeded its timeout: aborted');
      abort.abort(new ArgusError('JOB_TIMEOUT', `job ${job} exceeded its timeout of ${s.timeoutMs} ms`));
    }, s.timeoutMs);
    const t0 = performance.now();
    s.running = (async () => {
      await s.def.run({ signal: abort.signal, log: s.log, now, term: s.def.singleton ? o.lease.term() : 1 });
      if (timedOut) throw abort.signal.reason;
    })()
      .then(() => {
        s.status.lastSuccess = Date.now();
        s.status.lastError = null;
        if (s.loggedFailureAt) s.log.info('job recovered');
        s.loggedFailureAt = 0;
        telemetry.count('argus_job_runs_total', { job, result: 'success' });
      })
      .catch((err: unknown) => {
        s.status.failures++;
        s.status.lastError = err instanceof Error ? err.message : String(err);
        telemetry.count('argus_job_runs_total', { job, result: timedOut ? 'timeout' : 'failure' });
        if (Date.now() - s.loggedFailureAt >= FAILURE_LOG_EVERY_MS) {
          s.loggedFailureAt = Date.now();
          s.log.error({ err, failures: s.status.failures }, 'job run failed');
        }
      })
      .finally(() => {
        clearTimeout(timeout);
        const seconds = (performance.now() - t0) / 1000;
        telemetry.observe('argus_job_duration_seconds', { job }, seconds);
        s.status.lastDurationMs = seconds * 1000;
        s.status.runs++;
        s.status.running = false;
        s.running = undefined;
        s.abort = undefined;
      });
  };

  const begin = (s: Slot) => {
    s.nextAt = Date.now() + (s.def.runAtStart ? 0 : s.def.intervalMs);
    schedule(s);
  };

  return {
    register(def) {
      if (slots.has(def.name)) throw new ArgusError('JOB_EXISTS', `a job named ${def.name} is already registered`);
      if (!(def.intervalMs >= 10)) throw new ArgusError('JOB_INVALID', `job ${def.name}: intervalMs must be >= 10`);
      if (stopping) throw new ArgusError('JOB_INVALID', `job ${def.name} registered while the collector stops`);
      const s: Slot = {
        def,
        timeoutMs: def.timeoutMs ?? Math.max(30_000, 10 * def.intervalMs),
        log: o.log.child({ job: def.name }),
        nextAt: 0,
        loggedFailureAt: 0,
        status: {
          name: def.name,
          singleton: def.singleton ?? false,
          intervalMs: def.intervalMs,
          running: false,
          runs: 0,
          failures: 0,
          skipped: 0,
          lastSuccess: null,
          lastDurationMs: null,
          lastError: null,
        },
      };
      slots.set(def.name, s);
      telemetry.gauge('argus_job_last_success_seconds', { job: def.name }, () => (s.status.lastSuccess ?? 0) / 1000);
      if (started) begin(s);
    },
    isLeader: () => o.lease.held(),
    status: () => [...slots.values()].map((s) => ({ ...s.status })),
    async start() {
      if (started) return;
      started = true;
      await o.lease.start();
      for (const s of slots.values()) begin(s);
      o.log.info({ jobs: [...slots.keys()], leader: o.lease.held() }, 'jobs started');
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      for (const s of slots.values()) clearTimeout(s.timer);
      const grace = o.stopGraceMs ?? 10_000;
      for (const s of [...slots.values()].reverse()) {
        if (!s.running) continue;
        if (await wait(s.running, grace)) continue;
        s.abort?.abort(new ArgusError('JOB_STOPPED', 'the collector is stopping'));
        if (!(await wait(s.running, 1_000))) s.log.warn('job did not stop within its grace period; leaving it');
      }
      await o.lease.stop();
    },
  };
}
