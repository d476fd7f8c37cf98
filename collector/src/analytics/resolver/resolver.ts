/**
 * The call resolver, incremental. The ingest pipeline hands it the span skeletons of every batch it stored (span
 * feed); the resolver keeps recent traces in memory, recomputes the calls each touched trace implies
 * (desiredCalls) and writes only the difference against what it already wrote (+1 / -1 rows): provisional rows
 * into `calls`, every row's contribution into edge_kpi_1s. Each batch is one unit with its own deduplication token,
 * acknowledged to the pipeline once written (the pipeline keeps the batch's write-ahead-log segment until then).
 *
 * A trace is read from storage only when it comes back after leaving memory: a span arriving for a trace seen
 * before (the seen filter), a waiting client span's grace period ending after eviction, a batch replayed after a
 * restart. Then its stored spans and its stored provisional calls, plus the final calls its earlier spans imply
 * (final calls are never rewritten, so they are known without being stored), give back exactly what was written.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { readStoredSpans, type SpanFeed, type StoredSpans } from '../../ingest/span-feed.js';
import type { Telemetry } from '../../telemetry.js';
import type { AnalyticsConfig } from '../config.js';
import { createInferredCap } from './cap-inferred.js';
import { desiredCalls } from './desired-calls.js';
import { createInferencePolicy } from './policy.js';
import { callKey, reconcile, type SignedCall } from './reconcile.js';
import { createSlicer } from '../../jobs/slicer.js';
import { createSeenFilter } from './seen-filter.js';
import { loadSpans, loadStoredCalls, writeCalls, writeEdgeKpis, type ResolverStorage, type TraceRef } from './store.js';
import { isComplete, pack, unpack } from './packed.js';
import { addSpans, applyRows, current, newTrace, traceKey, type TraceState } from './traces.js';
import type { CallRow, ResolverSpan } from './types.js';

export interface ResolverStats {
  batches: number;
  spans: number;
  callsWritten: number;
  retractions: number;
  reloads: number;
  /** ms since the oldest batch not yet resolved was stored (0 when caught up) */
  lagMs: number;
  tracesInMemory: number;
  pendingTraces: number;
}

/** Stats before the first batch (the resolver's own, and its thread's mirror on the main thread). */
export const emptyStats = (): ResolverStats => ({
  batches: 0,
  spans: 0,
  callsWritten: 0,
  retractions: 0,
  reloads: 0,
  lagMs: 0,
  tracesInMemory: 0,
  pendingTraces: 0,
});

export interface Resolver {
  /** resolves what arrived and what came due; one job run */
  tick(now?: number): Promise<void>;
  /**
   * Stops resolving and saves what a restart needs (seen filter, waiting traces). Batches stored after this are not
   * acknowledged, so their write-ahead-log segments stay and the next start resolves them.
   */
  stop(): Promise<void>;
  stats: ResolverStats;
}

export interface ResolverDeps {
  storage: ResolverStorage;
  config: AnalyticsConfig;
  log: Logger;
  feed: SpanFeed;
  telemetry?: Telemetry;
  /** where the restart snapshot lives (embedded storage: the data directory) */
  stateDir?: string;
}

const SNAPSHOT_EVERY_MS = 5_000;

export function createResolver(d: ResolverDeps): Resolver {
  const { storage, config, log } = d;
  const policy = createInferencePolicy(config.graceMs);
  const cap = createInferredCap(storage, config.maxEndpointsPerService);
  const seen = createSeenFilter(config.lateWindowMs);
  const snapshot = d.stateDir ? join(d.stateDir, 'resolver-state.bin') : undefined;
  const pendingFile = snapshot ? `${snapshot}.pending.json` : undefined;
  const traces = new Map<string, TraceState>();
  /** evicted traces with a client span waiting out its grace period: key -> due (ms) */
  const pending = new Map<string, number>();
  const inbox: Array<{ batch: StoredSpans; at: number; ack: () => void }> = [];
  const run = Date.now().toString(36);
  // thousands of spans per batch: the loops below give the event loop a turn every few ms (acknowledgements wait
  // for the main thread otherwise; jobs/slicer.ts)
  const slicer = createSlicer();
  let graceWrites = 0;
  let lastSnapshot = Date.now();
  const stats = emptyStats();

  if (snapshot && pendingFile && seen.load(snapshot, Date.now())) {
    try {
      for (const [k, due] of JSON.parse(readText(pendingFile)) as Array<[string, number]>) pending.set(k, due);
    } catch {
      /* no waiting traces saved */
    }
  }
  let stopped = false;
  d.feed.subscribe((batch) => new Promise<void>((ack) => inbox.push({ batch, at: Date.now(), ack })));
  const t = d.telemetry;
  t?.gauge('argus_resolver_lag_seconds', {}, () => (inbox.length ? (Date.now() - inbox[0].at) / 1000 : 0));
  t?.gauge('argus_resolver_traces_in_memory', {}, () => traces.size);
  t?.gauge('argus_resolver_pending_traces', {}, () => pending.size);

  /** Reads back traces that left memory: their stored spans (minus `fresh`) and what was written for them. */
  async function reload(list: TraceState[], fresh: Set<string>, batch: string, now: number): Promise<void> {
    for (let i = 0; i < list.length; i += config.maxTracesPerStep) {
      const part = list.slice(i, i + config.maxTracesPerStep);
      const refs: TraceRef[] = part.map((x) => ({ tenant: x.tenant, traceId: x.traceId }));
      const [spans, stored] = await Promise.all([loadSpans(storage, refs), loadStoredCalls(storage, refs, batch)]);
      stats.reloads += part.length;
      const byKey = new Map(part.map((x) => [x.key, x]));
      for (const s of spans) if (!fresh.has(s.spanId)) addSpans(byKey.get(traceKey(s.tenant, s.traceId))!, [s]);
      for (const { row, net } of stored) {
        const x = byKey.get(traceKey(row.tenant, row.traceId));
        if (x && net !== 0) x.emitted.set(callKey(row), { row, n: net });
      }
      // final calls are written once and never stored: the earlier spans imply them
      for (const x of part) {
        for (const row of desiredCalls(x.spans, now, policy).calls) {
          if (row.provisional) continue;
          const k = callKey(row);
          if (!x.emitted.has(k)) x.emitted.set(k, { row, n: 1 });
        }
      }
    }
  }

  /** Recomputes the touched traces, writes the difference (one token per unit), then applies it to memory. */
  async function resolve(touched: TraceState[], now: number, unit: string): Promise<void> {
    await slicer.each(touched, unpack);
    const desired = await slicer.map(touched, (x) => desiredCalls(x.spans, now, policy));
    await cap.apply(
      desired.flatMap((x) => x.calls),
      `${unit}-registry`,
    );
    const rows: SignedCall[][] = await slicer.map(touched, (x, i) => reconcile(desired[i].calls, current(x)));
    const all = rows.flat();
    await writeCalls(storage, all, unit, `${unit}-calls`);
    await writeEdgeKpis(storage, all, `${unit}-edges`);
    // applied only after both writes: a failed write above leaves memory as it was, so the batch is retried whole
    // (sliced like the rest: nothing else touches these traces until this tick's work is done)
    await slicer.each(touched.keys(), (i) => {
      const x = touched[i];
      applyRows(x, rows[i]);
      x.due = desired[i].due;
      learn(x, rows[i]);
      pack(x);
    });
    stats.callsWritten += all.length;
    for (const r of all) if (r.sign < 0) stats.retractions++;
  }

  /** Peers answering without instrumented servers are learned from the calls written (policy.ts). */
  function learn(x: TraceState, rows: readonly SignedCall[]): void {
    for (const r of rows) {
      if (r.sign < 0) continue;
      const c = x.spans.get(r.clientSpanId);
      if (!c) continue;
      if (r.calleeType === 'service') policy.answered(c);
      else if (!policy.immediate(c)) policy.unanswered(c);
    }
  }

  async function processBatch(b: StoredSpans, now: number): Promise<void> {
    // grouped by trace id per tenant, so the joined trace key is made once per trace, not once per span
    const byTenant = new Map<string, Map<string, ResolverSpan[]>>();
    const arrived = await readStoredSpans(b, slicer, now);
    let tenant: string | undefined;
    let group = new Map<string, ResolverSpan[]>();
    await slicer.each(arrived, (s) => {
      if (s.tenant !== tenant) {
        tenant = s.tenant;
        const g = byTenant.get(tenant);
        if (g) group = g;
        else byTenant.set(tenant, (group = new Map<string, ResolverSpan[]>()));
      }
      const list = group.get(s.traceId);
      if (list === undefined) group.set(s.traceId, [s]);
      else {
        // one id string per trace in memory (the span's own copy dies young)
        s.traceId = list[0].traceId;
        list.push(s);
      }
    });
    const touched: TraceState[] = [];
    const lists: ResolverSpan[][] = [];
    const toLoad: TraceState[] = [];
    for (const [t, g] of byTenant) {
      for (const [id, spans] of g) {
        const k = traceKey(t, id);
        let x = traces.get(k);
        if (!x) {
          x = newTrace(t, id, now);
          traces.set(k, x);
          if (b.replayed || pending.delete(k) || seen.has(k)) toLoad.push(x);
          seen.add(k);
        }
        touched.push(x);
        lists.push(spans);
      }
    }
    if (toLoad.length) {
      const fresh = new Set(arrived.map((s) => s.spanId));
      await reload(toLoad, fresh, b.scope, now);
    }
    await slicer.each(touched.keys(), (i) => {
      unpack(touched[i]); // its earlier spans first: a span id already there keeps its first copy
      addSpans(touched[i], lists[i]);
      touched[i].lastArrival = now;
    });
    await resolve(touched, now, b.scope);
    stats.batches++;
    stats.spans += arrived.length;
  }

  /** Client spans whose grace period ended: in memory, or read back when their trace was evicted. */
  async function processDue(now: number): Promise<void> {
    const due: TraceState[] = [];
    await slicer.each(traces.values(), (x) => {
      if (x.due <= now) due.push(x);
    });
    const back: TraceState[] = [];
    for (const [k, at] of pending) {
      if (at > now) continue;
      pending.delete(k);
      const [tenant, traceId] = k.split('\u0001');
      const x = newTrace(tenant, traceId, now);
      traces.set(k, x);
      back.push(x);
      due.push(x);
    }
    if (due.length === 0) return;
    const unit = `grace-${run}-${++graceWrites}`;
    if (back.length) await reload(back, new Set(), unit, now);
    await resolve(due, now, unit);
  }

  async function evict(now: number): Promise<void> {
    await slicer.each(traces.values(), (x) => {
      const idle = now - x.lastArrival;
      if (idle < config.hotMs) return;
      if (idle < config.waitMs && !isComplete(x)) return;
      if (x.due !== Infinity) pending.set(x.key, x.due);
      traces.delete(x.key);
    });
  }

  /**
   * The restart snapshot: taken at once (a consistent copy), written by the thread pool, so the event loop does not
   * wait for a few MB of file writes every 5 s (they showed up in the acknowledgements' p99). One save at a time.
   */
  let saving: Promise<void> | undefined;
  function save(now: number): Promise<void> {
    if (!snapshot || !pendingFile) return Promise.resolve();
    if (saving) return saving;
    const waiting = [...pending];
    for (const x of traces.values()) if (x.due !== Infinity) waiting.push([x.key, x.due]);
    const bloom = seen.snapshot();
    const json = JSON.stringify(waiting);
    lastSnapshot = now;
    const file = snapshot;
    const pendingPath = pendingFile;
    saving = (async () => {
      try {
        await writeAtomic(file, bloom);
        await writeAtomic(pendingPath, json);
      } catch (e) {
        log.warn({ err: (e as Error).message }, 'call resolver state not saved');
      } finally {
        saving = undefined;
      }
    })();
    return saving;
  }

  return {
    stats,
    async tick(now = Date.now()) {
      if (stopped) return;
      seen.tick(now);
      while (inbox.length > 0) {
        const item = inbox[0];
        await processBatch(item.batch, Date.now());
        inbox.shift();
        item.ack();
      }
      await processDue(now);
      await evict(now);
      stats.lagMs = inbox.length ? Date.now() - inbox[0].at : 0;
      stats.tracesInMemory = traces.size;
      stats.pendingTraces = pending.size;
      if (now - lastSnapshot >= SNAPSHOT_EVERY_MS) void save(now);
    },
    async stop() {
      stopped = true;
      await saving;
      await save(Date.now());
    },
  };
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  await writeFile(`${file}.tmp`, data);
  await rename(`${file}.tmp`, file);
}

export type { CallRow };
