import type { Logger } from 'pino';

/** What a job's run gets. */
export interface JobContext {
  /** aborted when the run exceeds its timeout or the collector stops: stop early, leave consistent state */
  signal: AbortSignal;
  /** the collector's logger with `job: <name>` */
  log: Logger;
  /** the scheduled time of this run (ms since epoch) */
  now: number;
  /**
   * Singleton jobs: how many times this collector has gained the lease (1, 2, ...); when it changes another
   * collector may have run the job meanwhile, so reload any state kept in memory. Always 1 for other jobs.
   */
  term: number;
}

export interface JobDefinition {
  /** unique, dotted, e.g. `analytics.resolver`; the `job` label of the job metrics */
  name: string;
  /** period between scheduled runs (>= 10 ms). A run still going at the next slot makes that slot skipped */
  intervalMs: number;
  /** a run taking longer is aborted (signal) and counted as `timeout` (default: 10 x intervalMs, at least 30 s) */
  timeoutMs?: number;
  /** true: runs on exactly one collector per data store (the lease holder, and only where ARGUS_JOBS=on) */
  singleton?: boolean;
  /** first run at once rather than one interval after registration (default false) */
  runAtStart?: boolean;
  run(ctx: JobContext): Promise<void> | void;
}

export interface JobStatus {
  name: string;
  singleton: boolean;
  intervalMs: number;
  running: boolean;
  runs: number;
  failures: number;
  skipped: number;
  /** ms since epoch of the last successful run's end, or null */
  lastSuccess: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
}

/** Background work of the collector: one runner, named jobs, their metrics and logs (deps.jobs). */
export interface JobRunner {
  /** adds a job; it starts when the runner has started (at once if it already has). Names must be unique */
  register(job: JobDefinition): void;
  /** whether this collector currently runs singleton jobs (holds the lease) */
  isLeader(): boolean;
  status(): JobStatus[];
}
