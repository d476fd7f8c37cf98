import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage.js';
import type { AnalyticsConfig } from '../config.js';
import { capInferredEndpoints } from './cap-inferred.js';
import { desiredCalls } from './desired-calls.js';
import { reconcile } from './reconcile.js';
import { listArrivals, loadSkeletons, loadStoredCalls, readState, writeCalls, writeState, type Arrival } from './store.js';
import type { SkeletonSpan } from './types.js';

export interface ResolverStats {
  ticks: number;
  tracesReconciled: number;
  callsWritten: number;
  retractions: number;
  lastTickMs: number;
  /** cumulative time spent reading spans and stored calls, computing, and writing */
  readMs: number;
  computeMs: number;
  writeMs: number;
  /** arrivals processed up to here (ms since epoch) */
  watermark: number;
  graceWatermark: number;
}

export interface Resolver {
  /** one pass over new arrivals and over arrivals whose grace period just ended */
  tick(now?: number): Promise<void>;
  start(): void;
  stop(): Promise<void>;
  stats: ResolverStats;
}

const STATE_EVERY_MS = 5_000;

/**
 * The call resolver: every tick it takes the traces that got new spans since the last watermark (and those
 * whose arrivals just passed the grace period), recomputes the calls each trace implies from all its
 * spans stored so far, and writes the difference against what the calls table already holds (+1 / -1 rows).
 * Because each step converges the stored state to a pure function of the stored spans, re-processing a
 * window is harmless: the watermarks only save work, they are not needed for exactness.
 */
export function createResolver(storage: Storage, config: AnalyticsConfig, log: Logger): Resolver {
  const stats: ResolverStats = {
    ticks: 0,
    tracesReconciled: 0,
    callsWritten: 0,
    retractions: 0,
    lastTickMs: 0,
    readMs: 0,
    computeMs: 0,
    writeMs: 0,
    watermark: 0,
    graceWatermark: 0,
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let loaded = false;
  let lastSaved = 0;

  async function load(now: number) {
    const start = now - config.graceMs - 10 * 60_000;
    stats.watermark = (await readState(storage, 'resolver.watermark')) ?? start;
    stats.graceWatermark = (await readState(storage, 'resolver.grace_watermark')) ?? start;
    loaded = true;
  }

  /** Reconciles (lo, hi] in steps of at most maxTracesPerStep traces; returns the new watermark. */
  async function drain(lo: number, hi: number, now: number, done: Map<string, number>): Promise<number> {
    for (const [k, ins] of done) if (ins <= lo) done.delete(k);
    let from = lo;
    while (from < hi) {
      let to = hi;
      let arrivals = await listArrivals(storage, { lo: from, hi: to }, config.maxTracesPerStep + 1);
      while (to - from > 1 && arrivals.length > config.maxTracesPerStep) {
        to = from + Math.floor((to - from) / 2);
        arrivals = await listArrivals(storage, { lo: from, hi: to }, config.maxTracesPerStep + 1);
      }
      // more than a step's worth in one millisecond: take them all rather than drop any
      if (arrivals.length > config.maxTracesPerStep) arrivals = await listArrivals(storage, { lo: from, hi: to }, 4_294_967_295);
      if (arrivals.length > 0) await reconcileArrivals(arrivals, now, done);
      from = to;
    }
    return hi;
  }

  /**
   * Arrival rows already reconciled, per pass, so the overlap re-read costs one small query and no work. Pruned
   * below the pass's lower bound.
   */
  const seen = { fresh: new Map<string, number>(), grace: new Map<string, number>() };

  async function reconcileArrivals(arrivals: readonly Arrival[], now: number, done: Map<string, number>) {
    let t = performance.now();
    const set = { tenants: [] as string[], traces: [] as string[] };
    const picked = new Set<string>();
    const fresh: Array<[string, number]> = [];
    for (const a of arrivals) {
      const key = `${a.tenant}\u0001${a.traceId}\u0001${a.insertedAt}`;
      if (done.has(key)) continue;
      fresh.push([key, a.insertedAt]);
      const trace = `${a.tenant}\u0001${a.traceId}`;
      if (picked.has(trace)) continue;
      picked.add(trace);
      set.tenants.push(a.tenant);
      set.traces.push(a.traceId);
    }
    if (set.traces.length === 0) return;
    const [spans, stored] = await Promise.all([loadSkeletons(storage, set), loadStoredCalls(storage, set)]);
    stats.readMs += performance.now() - t;
    t = performance.now();
    const byTrace = new Map<string, SkeletonSpan[]>();
    for (const s of spans) {
      const k = `${s.tenant}\u0001${s.traceId}`;
      const list = byTrace.get(k);
      if (list) list.push(s);
      else byTrace.set(k, [s]);
    }
    const desired = [];
    for (const list of byTrace.values()) desired.push(...desiredCalls(list, now, config.graceMs));
    await capInferredEndpoints(storage, desired, config.maxEndpointsPerService);
    const rows = reconcile(desired, stored);
    stats.computeMs += performance.now() - t;
    t = performance.now();
    await writeCalls(storage, rows);
    stats.writeMs += performance.now() - t;
    // only now: a failed step is retried by the next tick (the watermark has not moved either)
    for (const [key, ins] of fresh) done.set(key, ins);
    stats.tracesReconciled += byTrace.size;
    stats.callsWritten += rows.length;
    stats.retractions += rows.filter((r) => r.sign < 0).length;
  }

  async function tick(now = Date.now()) {
    const t0 = Date.now();
    if (!loaded) await load(now);
    // new arrivals (re-reading the overlap catches inserts that committed after a later one)
    const hi = now;
    const lo = Math.min(stats.watermark, hi) - config.overlapMs;
    await drain(lo, hi, now, seen.fresh);
    stats.watermark = hi;
    // arrivals whose grace just ended: unanswered client spans become inferred calls. All arrivals, not only
    // those with client spans: this second look also catches an insert that committed more than the overlap
    // after its inserted_at (e.g. a late server span of a trace whose client call was already inferred).
    const gHi = now - config.graceMs;
    const gLo = Math.min(stats.graceWatermark, gHi) - config.overlapMs;
    if (gHi > gLo) await drain(gLo, gHi, now, seen.grace);
    stats.graceWatermark = Math.max(stats.graceWatermark, gHi);
    if (now - lastSaved >= STATE_EVERY_MS) {
      await writeState(storage, { 'resolver.watermark': stats.watermark, 'resolver.grace_watermark': stats.graceWatermark });
      lastSaved = now;
    }
    stats.ticks++;
    stats.lastTickMs = Date.now() - t0;
  }

  const schedule = () => {
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => log.error({ err }, 'call resolver tick failed; retrying next tick'))
        .finally(() => {
          running = undefined;
          if (timer) schedule();
        });
    }, config.tickMs);
  };

  return {
    tick: (now?: number) => (running = (running ?? Promise.resolve()).then(() => tick(now))),
    start() {
      if (!timer) schedule();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
    stats,
  };
}
