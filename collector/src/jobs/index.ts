import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { CollectorConfig } from '../config.js';
import type { Storage } from '../storage/storage.js';
import type { Telemetry } from '../telemetry.js';
import { localLease, noLease, tableLease, type Lease } from './lease.js';
import { createJobRunner } from './runner.js';

export type { JobContext, JobDefinition, JobRunner, JobStatus } from './types.js';

/** The lease table's migration (019, in the core range). */
export const JOBS_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Where singleton jobs run: nowhere with ARGUS_JOBS=off; in this process with embedded storage (one collector
 * per data directory); else wherever the `argus_job_leases` lease is held.
 */
export function leaseFor(storage: Storage, config: Pick<CollectorConfig, 'jobs' | 'jobsLeaseMs'>, log: Logger): Lease {
  if (config.jobs === 'off') return noLease();
  if (storage.mode === 'embedded') return localLease();
  const holder = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  return tableLease(storage, { holder, ttlMs: config.jobsLeaseMs, log });
}

export function createJobs(storage: Storage, config: CollectorConfig, log: Logger, telemetry: Telemetry) {
  const jobsLog = log.child({ component: 'jobs' });
  return createJobRunner({ log: jobsLog, telemetry, lease: leaseFor(storage, config, jobsLog) });
}
