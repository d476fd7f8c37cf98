import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../telemetry.js';
import { localLease, noLease, type Lease } from './lease.js';
import { createJobRunner } from './runner.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(5);
  }
};
const runner = (lease: Lease = localLease(), stopGraceMs?: number) => {
  const telemetry = createTelemetry();
  return { telemetry, jobs: createJobRunner({ log, telemetry, lease, stopGraceMs }) };
};

describe('job runner', () => {
  it('runs a job every interval, with its metrics on /metrics', async () => {
    const { jobs, telemetry } = runner();
    let runs = 0;
    jobs.register({
      name: 'tick',
      intervalMs: 20,
      run: () => {
        runs++;
      },
    });
    await jobs.start();
    await until(() => runs >= 3);
    await jobs.stop();
    const text = telemetry.render();
    expect(text).toMatch(/^argus_job_runs_total\{job="tick",result="success"\} [3-9]\d*$/m);
    expect(text).toMatch(/^argus_job_duration_seconds_count\{job="tick"\} \d+$/m);
    expect(Number(/^argus_job_last_success_seconds\{job="tick"\} (\S+)$/m.exec(text)?.[1])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(text).toMatch(/^argus_jobs_leader 1$/m);
    const [s] = jobs.status();
    expect(s).toMatchObject({ name: 'tick', failures: 0, running: false });
    expect(s.runs).toBeGreaterThanOrEqual(3);
  });

  it('skips a slot while the previous run is still going, never overlapping runs', async () => {
    const { jobs, telemetry } = runner();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    jobs.register({
      name: 'slow',
      intervalMs: 10,
      run: async () => {
        maxActive = Math.max(maxActive, ++active);
        await sleep(45);
        active--;
        runs++;
      },
    });
    await jobs.start();
    await until(() => runs >= 3);
    await jobs.stop();
    expect(maxActive).toBe(1);
    expect(jobs.status()[0].skipped).toBeGreaterThan(0);
    expect(telemetry.render()).toMatch(/^argus_job_skipped_total\{job="slow"\} [1-9]\d*$/m);
  });

  it('aborts a run past its timeout and counts failures and timeouts apart', async () => {
    const { jobs, telemetry } = runner();
    let aborted = 0;
    jobs.register({
      name: 'hangs',
      intervalMs: 10,
      timeoutMs: 30,
      runAtStart: true,
      run: ({ signal }) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted++;
            resolve();
          }),
        ),
    });
    jobs.register({
      name: 'fails',
      intervalMs: 10,
      run: () => {
        throw new Error('boom');
      },
    });
    await jobs.start();
    await until(() => aborted >= 1 && jobs.status()[1].failures >= 2);
    await jobs.stop();
    const text = telemetry.render();
    expect(text).toMatch(/^argus_job_runs_total\{job="hangs",result="timeout"\} [1-9]\d*$/m);
    expect(text).toMatch(/^argus_job_runs_total\{job="fails",result="failure"\} [1-9]\d*$/m);
    expect(jobs.status()[1].lastError).toBe('boom');
  });

  it('runs singleton jobs only while holding the lease; other jobs always', async () => {
    const { jobs } = runner(noLease());
    let single = 0;
    let local = 0;
    jobs.register({
      name: 'single',
      intervalMs: 10,
      singleton: true,
      run: () => {
        single++;
      },
    });
    jobs.register({
      name: 'local',
      intervalMs: 10,
      run: () => {
        local++;
      },
    });
    await jobs.start();
    await until(() => local >= 3);
    await jobs.stop();
    expect(single).toBe(0);
    expect(jobs.isLeader()).toBe(false);
  });

  it('passes the lease term, so a job can reload state after regaining the lease', async () => {
    let term = 1;
    let held = true;
    const lease: Lease = { held: () => held, term: () => term, start: async () => {}, stop: async () => {} };
    const { jobs } = runner(lease);
    const seen: number[] = [];
    jobs.register({ name: 'resolver', intervalMs: 10, singleton: true, run: (ctx) => void seen.push(ctx.term) });
    await jobs.start();
    await until(() => seen.length >= 2);
    held = false;
    term = 2;
    held = true;
    await until(() => seen.includes(2));
    await jobs.stop();
    expect(seen[0]).toBe(1);
  });

  it('stops in reverse registration order, letting runs in progress finish, then aborting the stubborn', async () => {
    const { jobs } = runner(localLease(), 100);
    const events: string[] = [];
    const job = (name: string, ms: number) =>
      jobs.register({
        name,
        intervalMs: 1000,
        runAtStart: true,
        run: async ({ signal }) => {
          events.push(`${name} start`);
          await Promise.race([sleep(ms), new Promise((r) => signal.addEventListener('abort', r))]);
          events.push(`${name} end${signal.aborted ? ' (aborted)' : ''}`);
        },
      });
    job('first', 10_000);
    job('second', 10_000);
    job('quick', 50);
    await jobs.start();
    await until(() => events.length >= 3);
    await jobs.stop();
    expect(events.slice(3)).toEqual(['quick end', 'second end (aborted)', 'first end (aborted)']);
    expect(() => jobs.register({ name: 'late', intervalMs: 10, run: () => undefined })).toThrow(/stops/);
  });

  it('refuses duplicate names and too short intervals', () => {
    const { jobs } = runner();
    jobs.register({ name: 'a', intervalMs: 1000, run: () => undefined });
    expect(() => jobs.register({ name: 'a', intervalMs: 1000, run: () => undefined })).toThrow(/already registered/);
    expect(() => jobs.register({ name: 'b', intervalMs: 1, run: () => undefined })).toThrow(/intervalMs/);
  });
});
