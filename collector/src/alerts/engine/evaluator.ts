import type { Logger } from 'pino';
import type { Storage } from '../../storage/storage.js';
import type { AlertsConfig } from '../config.js';
import type { DeliveryQueue } from '../delivery/queue.js';
import type { Kpis, ReadSide } from '../signals/read-side.js';
import type { ChannelStore } from '../store/channel-store.js';
import type { RuleStore } from '../store/rule-store.js';
import type { EngineContext } from './context.js';
import { createCorrelator } from './correlate.js';
import type { EventStore } from './event-store.js';
import { createIncidentManager } from './incidents.js';
import { createInfraWatch } from './infra-watch.js';
import { createIssueBook, type IssueSpec } from './issues.js';
import { createRuleRunner } from './rule-runner.js';
import { createServiceWatch } from './service-watch.js';

const SETTLE_MS = 3000;
const BUILTIN_WINDOW_S = 10;

export interface EvaluatorDeps {
  tenant: string;
  storage: Storage;
  log: Logger;
  config: AlertsConfig;
  publicUrl: string;
  readSide: ReadSide;
  events: EventStore;
  rules: RuleStore;
  channels: ChannelStore;
  queue: DeliveryQueue;
}

/**
 * The alert evaluator: one pass per second over the 1-second KPIs (configured service and endpoint rules, the
 * built-in sudden-change watch, incident correlation refresh) and, every slow tick, websites, entity rules,
 * built-in infrastructure issues and change detection. Run as a singleton job.
 */
export function createEvaluator(d: EvaluatorDeps) {
  const ctx = { ...d, current: new Map(), baselines: new Map(), entry: new Set<string>() } as Omit<
    EngineContext,
    'issues' | 'incidents'
  > as EngineContext;
  const correlator = createCorrelator(ctx);
  ctx.incidents = createIncidentManager({
    events: d.events,
    queue: d.queue,
    log: d.log,
    publicUrl: d.publicUrl,
    settleMs: 120_000,
    refreshMs: 5000,
    channelsFor: (issue) => {
      const rule = issue.spec.ruleId ? d.rules.get(issue.event.tenant, issue.spec.ruleId) : undefined;
      if (rule) return rule.channels;
      return d.channels
        .list(issue.event.tenant)
        .filter((c) => c.notifyBuiltIn)
        .map((c) => c.id);
    },
    correlate: (tenant, triggers, startMs) => correlator.correlate(tenant, triggers, startMs),
  });
  ctx.issues = createIssueBook(d.events, d.log, {
    opened: (i) => ctx.incidents.issueOpened(i),
    resolved: (i) => ctx.incidents.issueResolved(i),
  });
  const rules = createRuleRunner(ctx);
  const services = createServiceWatch(ctx, (now) => now - SETTLE_MS - BUILTIN_WINDOW_S * 1000);
  const infra = createInfraWatch(ctx);
  let slowAt = 0;
  let entryAt = 0;
  let stats = { passes: 0, lastMs: 0, totalMs: 0 };

  const toMap = (list: ReadonlyArray<{ name: string; kpis: Kpis }>) => new Map(list.map((s) => [s.name, s.kpis]));

  async function resume(): Promise<void> {
    const open = await d.events.open();
    const issues = open.filter((e) => e.type === 'issue' && e.tenant === d.tenant);
    for (const e of issues) {
      // rule and built-in states restart learning; open issues resolve once their series are healthy again
      const spec: IssueSpec = {
        id: e.id,
        tenant: e.tenant,
        kind: e.kind,
        severity: e.severity,
        title: e.title,
        text: e.text,
        entity: e.entity,
        trigger: e.details.trigger === true,
        nodeId: (e.details.nodeId as string | undefined) ?? e.entity.id,
        ruleId: e.ruleId,
      };
      ctx.issues.resume(e, spec);
    }
    for (const inc of open.filter((e) => e.type === 'incident' && e.tenant === d.tenant)) {
      ctx.incidents.resume(
        inc,
        [...ctx.issues.open.values()].filter((i) => i.event.incidentId === inc.id),
      );
    }
  }

  /** issues resumed from before a restart that no series claims again resolve after a minute */
  async function expireOrphans(now: number) {
    const claimed = new Set<string>();
    for (const s of rules.series.values()) if (s.openEventId) claimed.add(s.openEventId);
    for (const [id, i] of ctx.issues.open) {
      if (claimed.has(id) || i.event.details.builtin === true) continue;
      if (i.event.ruleId && now - i.event.updatedAt > 60_000 && !claimed.has(id)) await ctx.issues.resolve(id, now);
    }
  }

  async function pass(now: number): Promise<void> {
    const windows = new Set<number>([BUILTIN_WINDOW_S]);
    const settledWindows = new Set<number>([BUILTIN_WINDOW_S]);
    const endpointNeeds = new Set<string>();
    for (const r of d.rules.all()) {
      if (!r.enabled || r.tenant !== d.tenant) continue;
      if (r.scope.kind === 'service') (r.signal.name === 'throughput' ? settledWindows : windows).add(r.windowSeconds);
      if (r.scope.kind === 'endpoint') endpointNeeds.add(`${r.windowSeconds}\0${r.scope.service}`);
    }
    const t0 = Date.now();
    const win = new Map<number, Map<string, Kpis>>();
    const settled = new Map<number, Map<string, Kpis>>();
    const endpoints = new Map<string, Map<string, Kpis>>();
    const live = [...windows];
    const late = [...settledWindows];
    await Promise.all([
      // every service window in one read (two queries), each ending now or SETTLE_MS ago
      (async () => {
        const lists = await d.readSide.serviceWindows(d.tenant, [
          ...live.map((w) => ({ from: now - w * 1000, to: now })),
          ...late.map((w) => ({ from: now - SETTLE_MS - w * 1000, to: now - SETTLE_MS })),
        ]);
        live.forEach((w, i) => win.set(w, toMap(lists[i])));
        late.forEach((w, i) => settled.set(w, toMap(lists[live.length + i])));
        const current = lists[live.indexOf(BUILTIN_WINDOW_S)];
        ctx.current = new Map(current.map((s) => [s.name, { kpis: s.kpis, type: s.type }]));
      })(),
      ...[...endpointNeeds].map(async (k) => {
        const [w, service] = k.split('\0');
        endpoints.set(k, toMap(await d.readSide.endpoints(d.tenant, service, now - Number(w) * 1000, now)));
      }),
    ]);
    if (now - entryAt > 30_000) {
      entryAt = now;
      const edges = await d.readSide.edges(d.tenant, now - 5 * 60_000, now);
      const called = new Set(edges.filter((e) => e.calleeType === 'service').map((e) => e.callee));
      // services with calls in the last 5 minutes, so one that stopped answering stays an entry service
      const recent = new Set(services.seenSince(now - 5 * 60_000));
      for (const [n, s] of ctx.current) if (s.type === 'service') recent.add(n);
      ctx.entry = new Set([...recent].filter((n) => !called.has(n)));
    }
    const readMs = Date.now() - t0;
    const own = new Map([...ctx.current].filter(([, s]) => s.type === 'service').map(([n, s]) => [n, s.kpis]));
    await services.tick(own, settled.get(BUILTIN_WINDOW_S) ?? new Map<string, Kpis>(), now);
    const watchAt = Date.now();
    await rules.fast(now, win, settled, endpoints);
    if (Date.now() - t0 > 250)
      d.log.debug({ readMs, watchMs: watchAt - t0 - readMs, rulesMs: Date.now() - watchAt }, 'slow evaluation pass');
    // a trigger is violating but its time rule is not met yet: read the dependency graph now, so the incident it may
    // open in the next seconds does not wait for it before its first message
    if (services.pendingAt() === now || rules.pendingAt() === now) correlator.warm(d.tenant, now);
    if (now - slowAt >= d.config.slowTickMs) {
      const repeat = slowAt === 0 ? 1 : Math.max(1, Math.round((now - slowAt) / 1000));
      slowAt = now;
      await rules.slow(now, repeat);
      await infra.tick(now);
      await expireOrphans(now);
    }
    await ctx.incidents.refresh(now);
  }

  return {
    ctx,
    resume,
    /** one evaluation pass (the job runner calls it every tickMs) */
    async run(): Promise<void> {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await pass(Date.now());
      const cpu = process.cpuUsage(cpu0);
      stats = { passes: stats.passes + 1, lastMs: performance.now() - t0, totalMs: stats.totalMs + (cpu.user + cpu.system) / 1000 };
    },
    /** what the rule's series look like now: value, threshold, baseline (and why it is what it is) */
    seriesOf: (ruleId: string) =>
      [...rules.series.entries()]
        .filter(([k]) => k.startsWith(`${ruleId}\0`))
        .map(([k, s]) => ({
          key: k.split('\0')[2],
          value: s.value,
          threshold: s.threshold,
          open: s.openEventId ?? null,
          violations: s.timeRule.count(),
          baseline: s.baseline
            ? { kind: s.baseline.kind, center: s.baseline.center, spread: s.baseline.spread, note: s.baseline.note }
            : null,
          sudden: { expected: s.ewma.mean, samples: s.ewma.n, learning: s.ewma.n < 60 },
        })),
    stats: () => ({ ...stats, openIssues: ctx.issues.open.size, openIncidents: ctx.incidents.open.size }),
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
