import { EWMA_DEFAULTS, learn, newEwma, suddenCheck } from '../detection/ewma.js';
import { createTimeRule, type TimeRule } from '../detection/time-rule.js';
import { stableId } from '../store/ids.js';
import { serviceNode } from '../correlation/graph.js';
import type { Kpis } from '../signals/read-side.js';
import type { EngineContext, ServiceBaselines } from './context.js';

/** Built-in "sudden change" issues per service (Instana's built-in service events), from the 10-s window KPIs. */
const WATCHES = [
  { kind: 'sudden-errors', signal: 'errorRate' as const, title: 'sudden increase in erroneous calls', unit: 'ratio' },
  { kind: 'sudden-latency', signal: 'p50' as const, title: 'sudden increase in latency', unit: 'ms' },
  { kind: 'sudden-drop', signal: 'throughput' as const, title: 'sudden drop in calls', unit: 'calls/s' },
];
const MIN_CALLS = 10;
const GRACE_MS = 30_000;
/**
 * A service that stops answering has no KPIs at all: it is still watched (no calls counts as 0 calls/s) until it has
 * been silent this long, then forgotten and its open issues resolved (a service gone for good is not a sudden drop;
 * its processes' going away is a change of their own).
 */
export const FORGET_SILENT_MS = 15 * 60_000;

interface WatchState {
  rule: TimeRule;
  openId?: string;
  healthySince?: number;
}

const valueOf = (k: Kpis, s: 'errorRate' | 'p50' | 'throughput') =>
  s === 'errorRate' ? k.errorRate : s === 'p50' ? k.p50Ms : k.callsPerSecond;

/**
 * `settledFromMs(now)`: where the settled window (the one throughput is read from) begins; a service first seen
 * after it has no settled value yet, one seen before it and absent from it had no calls there.
 */
export function createServiceWatch(ctx: EngineContext, settledFromMs: (now: number) => number) {
  const states = new Map<string, WatchState>();
  /** services seen with calls: when first and last */
  const seen = new Map<string, { first: number; last: number }>();
  /** the last evaluation at which a watch that may open an incident had violations but was not open yet */
  let pendingAt = 0;

  async function forget(service: string, now: number) {
    seen.delete(service);
    for (const w of WATCHES) {
      const key = `${service}\0${w.kind}`;
      const id = states.get(key)?.openId;
      states.delete(key);
      if (id) await ctx.issues.resolve(id, now);
    }
  }

  return {
    pendingAt: () => pendingAt,
    /** services seen with calls since `sinceMs` (still watched or not), e.g. for the entry services */
    seenSince: (sinceMs: number) => [...seen].filter(([, s]) => s.last >= sinceMs).map(([name]) => name),
    /** one evaluation: `kpis` over the last 10 s, `settled` over the 10 s ending 3 s ago (for call counts) */
    async tick(kpis: Map<string, Kpis>, settled: Map<string, Kpis>, now: number): Promise<void> {
      for (const service of kpis.keys()) {
        const s = seen.get(service);
        if (s) s.last = now;
        else seen.set(service, { first: now, last: now });
      }
      for (const [service, since] of [...seen]) {
        if (now - since.last > FORGET_SILENT_MS) {
          await forget(service, now);
          continue;
        }
        const k = kpis.get(service);
        let b = ctx.baselines.get(service);
        if (!b)
          ctx.baselines.set(service, (b = { errorRate: newEwma(), p50: newEwma(), throughput: newEwma() } satisfies ServiceBaselines));
        // may its issues open an incident (built-in sudden changes page on entry services only)
        const trigger = ctx.config.builtinIncidents === 'entry' && ctx.entry.has(service);
        for (const w of WATCHES) {
          let src: Kpis | undefined = k;
          let value: number | null = k ? valueOf(k, w.signal) : null;
          if (w.signal === 'throughput') {
            src = settled.get(service);
            // no calls in the settled window of a service known before it: 0 calls/s (it stopped answering)
            value = src ? src.callsPerSecond : since.first < settledFromMs(now) ? 0 : null;
          }
          const key = `${service}\0${w.kind}`;
          let st = states.get(key);
          if (!st) states.set(key, (st = { rule: createTimeRule(5, 10) }));
          const enough = w.signal === 'throughput' ? true : (src?.calls ?? 0) >= MIN_CALLS;
          const ewma = b[w.signal];
          let changed = false;
          if (value !== null && enough) {
            const v = suddenCheck(ewma, value, w.signal === 'p50' ? 'latency' : w.signal, EWMA_DEFAULTS);
            changed = v.changed === true;
            learn(ewma, value, v);
          }
          st.rule.push(value !== null && enough ? changed : null);
          if (trigger && !st.openId && st.rule.count() > 0) pendingAt = now;
          if (!st.openId && st.rule.breached() && value !== null) {
            const id = stableId('iss', 'builtin', ctx.tenant, service, w.kind, now);
            st.openId = id;
            st.healthySince = undefined;
            await ctx.issues.raise(
              {
                id,
                tenant: ctx.tenant,
                kind: w.kind,
                severity: 'warning',
                title: w.title,
                text: `${service}: ${w.title} (${value.toFixed(w.unit === 'ratio' ? 3 : 1)} ${w.unit}, usually ${ewma.mean.toFixed(w.unit === 'ratio' ? 3 : 1)})`,
                entity: { id: serviceNode(service), type: 'service', name: service },
                service,
                details: { builtin: true, signal: { name: w.signal, value, threshold: null, unit: w.unit }, expected: ewma.mean },
                trigger,
                nodeId: serviceNode(service),
              },
              now,
            );
          } else if (st.openId) {
            if (changed) st.healthySince = undefined;
            else st.healthySince ??= now;
            if (!st.rule.breached() && now - st.healthySince! >= GRACE_MS) {
              await ctx.issues.resolve(st.openId, now);
              st.openId = undefined;
            }
          }
        }
      }
    },
  };
}
