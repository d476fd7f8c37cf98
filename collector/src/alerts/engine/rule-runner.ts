import { serviceNode } from '../correlation/graph.js';
import { seasonalBaseline } from '../detection/seasonal.js';
import { formatValue } from '../channels/format.js';
import { metricSnapshot } from '../signals/metric-snapshot.js';
import type { Kpis } from '../signals/read-side.js';
import { stableId } from '../store/ids.js';
import type { Rule } from './rule-types.js';
import type { EngineContext } from './context.js';
import { notify } from './notify.js';
import { evaluate, newSeries, type SeriesState } from './series.js';

type Tenanted = Rule & { tenant: string };

const UNIT: Record<string, string> = {
  errorRate: 'ratio',
  latency: 'ms',
  throughput: 'calls/s',
  loadTime: 'ms',
  lcp: 'ms',
  jsErrors: 'errors/min',
  offline: '',
  metric: '',
};
const SIGNAL_WORDS: Record<string, string> = {
  errorRate: 'error rate',
  latency: 'latency',
  throughput: 'calls per second',
  loadTime: 'page load time p75',
  lcp: 'LCP p75',
  jsErrors: 'JS errors per minute',
  offline: 'offline',
  metric: 'metric',
};

export function kpiValue(k: Kpis, rule: Pick<Rule, 'signal'>): number | null {
  switch (rule.signal.name) {
    case 'errorRate':
      return k.errorRate;
    case 'throughput':
      return k.callsPerSecond;
    case 'latency': {
      const p = rule.signal.percentile ?? 'p90';
      return p === 'mean' ? k.meanMs : p === 'p50' ? k.p50Ms : p === 'p99' ? k.p99Ms : k.p90Ms;
    }
    default:
      return null;
  }
}

const signalName = (r: Rule) =>
  r.signal.name === 'metric'
    ? (r.signal.metric ?? 'metric')
    : r.signal.name === 'latency'
      ? `latency ${r.signal.percentile ?? 'p90'}`
      : SIGNAL_WORDS[r.signal.name];

/** Evaluates the configured rules: service and endpoint rules every tick, websites and entities on the slow tick. */
export function createRuleRunner(ctx: EngineContext) {
  const series = new Map<string, SeriesState>();
  /** the last evaluation at which a series that may open an incident had violations but was not open yet */
  let pendingAt = 0;
  let generation = -1;

  function stateOf(rule: Tenanted, key: string): SeriesState {
    const k = `${rule.id}\0${rule.updatedAt}\0${key}`;
    let s = series.get(k);
    if (!s) series.set(k, (s = newSeries(k, rule)));
    return s;
  }

  async function judge(
    rule: Tenanted,
    key: string,
    entity: { id: string; type: string; name: string },
    value: number | null,
    traffic: number,
    now: number,
    repeat = 1,
  ) {
    const s = stateOf(rule, key);
    let t: ReturnType<typeof evaluate> = null;
    for (let i = 0; i < repeat && t === null; i++) t = evaluate(s, rule, value, traffic, now);
    const unit = rule.signal.name === 'metric' ? '' : UNIT[rule.signal.name];
    const scopeService = rule.scope.kind === 'service' || rule.scope.kind === 'endpoint' ? rule.scope.service : '';
    if (t === 'open') {
      const sev = s.lastSeverity ?? 'critical';
      const id = stableId('iss', rule.id, key, now);
      s.openEventId = id;
      s.openedAt = now;
      s.lastNotifiedAt = now;
      const v = s.value;
      const trigger = rule.scope.kind !== 'entity';
      const what = `${signalName(rule)} ${formatValue(v, unit)} ${rule.condition} ${formatValue(s.threshold, unit)}`;
      await ctx.issues.raise(
        {
          id,
          tenant: rule.tenant,
          kind: 'alert',
          severity: sev,
          title: rule.name,
          text: `${entity.name}: ${what} over the last ${rule.windowSeconds} s (${rule.timeRule.violations} of ${rule.timeRule.of} evaluations).`,
          entity,
          service: scopeService,
          ruleId: rule.id,
          details: {
            signal: { name: signalName(rule), value: v, threshold: s.threshold, unit },
            rule: { id: rule.id, name: rule.name, threshold: rule.threshold, windowSeconds: rule.windowSeconds },
            baseline: s.baseline
              ? { kind: s.baseline.kind, center: s.baseline.center, spread: s.baseline.spread, note: s.baseline.note }
              : undefined,
          },
          trigger,
          nodeId: entity.id,
        },
        now,
      );
      // issues on infrastructure notify their rule's channels themselves; service/website issues do through incidents
      const open = ctx.issues.open.get(id);
      if (!trigger && open) await notify(ctx.queue, open.event, rule.channels, 'open', ctx.publicUrl);
    } else if (t === null && rule.scope.kind !== 'entity' && !s.openEventId && s.timeRule.count() > 0) {
      pendingAt = now;
    } else if (t === 'resolve' && s.openEventId) {
      const open = ctx.issues.open.get(s.openEventId);
      await ctx.issues.resolve(s.openEventId, now);
      if (open && rule.scope.kind === 'entity') await notify(ctx.queue, open.event, rule.channels, 'resolve', ctx.publicUrl);
      s.openEventId = undefined;
      s.healthySince = undefined;
    } else if (t === 'renotify' && s.openEventId) {
      const open = ctx.issues.open.get(s.openEventId);
      s.lastNotifiedAt = now;
      if (open) await notify(ctx.queue, open.event, rule.channels, 'renotify', ctx.publicUrl, Math.floor(now / 1000));
    }
  }

  async function refitBaselines(rule: Tenanted, now: number) {
    if (rule.threshold.type !== 'adaptive' || (rule.scope.kind !== 'service' && rule.scope.kind !== 'endpoint')) return;
    const s = stateOf(rule, 'main');
    if (now - s.baselineAt < 30 * 60_000) return;
    s.baselineAt = now;
    const endpoint = rule.scope.kind === 'endpoint' ? rule.scope.endpoint : undefined;
    const points = await ctx.readSide.kpiSeries(rule.tenant, rule.scope.service, endpoint, now - 15 * 86_400_000, now, '1m');
    const samples = points.filter((p) => p.kpis.calls > 0).map((p) => ({ t: p.t, v: kpiValue(p.kpis, rule) ?? NaN }));
    s.baseline = seasonalBaseline(samples, now + 15 * 60_000, rule.threshold.seasonality, rule.signal.name === 'errorRate' ? 0.01 : 1e-6);
  }

  return {
    series,
    pendingAt: () => pendingAt,
    /** every tick: service and endpoint rules from the KPIs of their window */
    async fast(
      now: number,
      windows: Map<number, Map<string, Kpis>>,
      settled: Map<number, Map<string, Kpis>>,
      endpoints: Map<string, Map<string, Kpis>>,
    ) {
      if (generation !== ctx.rules.generation()) {
        generation = ctx.rules.generation();
        const live = new Set(ctx.rules.all().map((r) => `${r.id}\0${r.updatedAt}\0`));
        for (const k of series.keys()) if (![...live].some((p) => k.startsWith(p))) series.delete(k);
      }
      for (const rule of ctx.rules.all()) {
        if (!rule.enabled || rule.tenant !== ctx.tenant) continue;
        if (rule.scope.kind === 'service') {
          const src = rule.signal.name === 'throughput' ? settled : windows;
          const k = src.get(rule.windowSeconds)?.get(rule.scope.service);
          const entity = { id: serviceNode(rule.scope.service), type: 'service', name: rule.scope.service };
          await judge(rule, 'main', entity, k ? kpiValue(k, rule) : rule.signal.name === 'throughput' ? 0 : null, k?.calls ?? 0, now);
        } else if (rule.scope.kind === 'endpoint') {
          const k = endpoints.get(`${rule.windowSeconds}\0${rule.scope.service}`)?.get(rule.scope.endpoint);
          const entity = { id: serviceNode(rule.scope.service), type: 'endpoint', name: `${rule.scope.service} ${rule.scope.endpoint}` };
          await judge(rule, 'main', entity, k ? kpiValue(k, rule) : rule.signal.name === 'throughput' ? 0 : null, k?.calls ?? 0, now);
        }
        await refitBaselines(rule, now).catch((err: unknown) => ctx.log.warn({ err, rule: rule.id }, 'baseline refit failed'));
      }
    },
    /** the slow tick: website and entity rules */
    async slow(now: number, repeat: number) {
      for (const rule of ctx.rules.all()) {
        if (!rule.enabled || rule.tenant !== ctx.tenant) continue;
        if (rule.scope.kind === 'website') {
          const w = await ctx.readSide.website(rule.tenant, rule.scope.website, now - rule.windowSeconds * 1000, now);
          const value =
            rule.signal.name === 'lcp'
              ? w.lcpP75
              : rule.signal.name === 'jsErrors'
                ? w.jsErrors / (rule.windowSeconds / 60)
                : w.loadTimeP75;
          const traffic = rule.signal.name === 'jsErrors' ? Math.max(w.pageLoads, rule.minTraffic) : w.pageLoads;
          await judge(
            rule,
            'main',
            { id: `website:${rule.scope.website}`, type: 'website', name: rule.scope.website },
            value,
            traffic,
            now,
            repeat,
          );
        } else if (rule.scope.kind === 'entity') {
          const scope = rule.scope;
          const all = await ctx.readSide.entities(rule.tenant, {
            type: scope.entityType,
            ids: scope.entityId ? [scope.entityId] : undefined,
          });
          const matching = all.filter((e) => !scope.tags || Object.entries(scope.tags).every(([k, v]) => String(e.attributes[k]) === v));
          if (rule.signal.name === 'offline') {
            for (const e of matching) await judge(rule, e.id, e, e.online ? 0 : 1, 1, now, repeat);
            continue;
          }
          if (!matching.length || !rule.signal.metric) continue;
          const values = await metricSnapshot(ctx.storage, rule.tenant, rule.signal.metric, rule.windowSeconds * 1000, {
            attributes: rule.signal.attributes,
            aggregation: rule.signal.aggregation,
            entityIds: matching.map((e) => e.id),
            now,
          });
          const byId = new Map(values.map((v) => [v.entityId, v.value]));
          for (const e of matching) await judge(rule, e.id, e, byId.get(e.id) ?? null, byId.has(e.id) ? rule.minTraffic : 0, now, repeat);
        }
      }
    },
  };
}
