import { buildGraph, reach, serviceNode } from '../correlation/graph.js';
import { explainRootCause, describeNode } from '../correlation/explain.js';
import { rankRootCauses, type Anomaly, type Change } from '../correlation/root-cause.js';
import { incidentSubgraph } from '../correlation/subgraph.js';
import { downstreamCalls } from '../signals/downstream.js';
import { saturatedHosts } from '../signals/saturated-hosts.js';
import type { EngineContext } from './context.js';
import type { Correlation } from './incidents.js';

const WINDOW_MS = 10_000;

/** a warmed graph read is used by an incident's first correlation for this long */
const GRAPH_FRESH_MS = 5000;
/** ... and warmed again at most this often while a trigger is pending */
const GRAPH_REWARM_MS = 1000;

/**
 * The slowly changing part of the picture: calls between services over 5 minutes, instances, calls to databases and
 * other targets, entities. Read while a trigger is pending (violating, its time rule not met yet), so the incident
 * it may open correlates without waiting for them.
 */
function graphReads(ctx: EngineContext, tenant: string, from: number, now: number) {
  return Promise.all([
    ctx.readSide.edges(tenant, now - 5 * 60_000, now),
    ctx.readSide.instances(tenant, from, now),
    downstreamCalls(ctx.storage, tenant, from, now),
    ctx.readSide.entities(tenant, {}),
  ]);
}
type GraphReads = Awaited<ReturnType<typeof graphReads>>;

/**
 * Builds the incident's picture at this moment: the dependency graph around its triggers, the anomalies on it
 * (services' last 10 s against their short-term baselines, failing calls to databases and other targets, open
 * issues on any component) and the changes in its window; ranks the root cause and explains it.
 */
export function createCorrelator(ctx: EngineContext) {
  /** up to 3 failing (else slowest) traces of a service in the window; none when the read fails */
  const exampleTracesOf = (tenant: string, from: number, to: number) => (service: string) =>
    ctx.readSide.exampleTraces(tenant, service, from, to, 3).catch(() => []);
  const warmed = new Map<string, { at: number; reads: Promise<GraphReads | undefined> }>();

  /** reads the graph ahead of an incident that may open (not awaited: a failed read is just not used) */
  function warm(tenant: string, now = Date.now()): void {
    const w = warmed.get(tenant);
    if (w && now - w.at < GRAPH_REWARM_MS) return;
    warmed.set(tenant, { at: now, reads: graphReads(ctx, tenant, now - 5 * 60_000, now).catch(() => undefined) });
  }

  /** an incident's first correlation takes the warmed reads when fresh; later ones (and cold starts) read anew */
  async function reads(tenant: string, startMs: number, now: number): Promise<GraphReads> {
    const w = warmed.get(tenant);
    const fresh = w && now - w.at <= GRAPH_FRESH_MS && now - startMs < GRAPH_FRESH_MS ? await w.reads : undefined;
    return fresh ?? graphReads(ctx, tenant, Math.min(startMs, now) - 5 * 60_000, now);
  }

  async function correlate(tenant: string, triggers: string[], startMs: number): Promise<Correlation> {
    const now = Date.now();
    // every read that does not depend on the ranking starts at once (the first message waits for this picture)
    const traces = exampleTracesOf(tenant, Math.min(startMs, now) - 60_000, now + 1000);
    const triggerTraces = triggers.filter((t) => t.startsWith('service:')).map((t) => traces(t.slice(8)));
    const changeEvents = ctx.events.list(tenant, { type: 'change', from: Math.min(startMs, now) - 15 * 60_000, to: now, limit: 500 });
    // awaited below; if a read above fails first, its own failure is the one reported
    changeEvents.catch(() => undefined);
    const [[edges, instances, downstream, entities], recent, hosts] = await Promise.all([
      reads(tenant, startMs, now),
      downstreamCalls(ctx.storage, tenant, now - WINDOW_MS, now),
      saturatedHosts(ctx.storage, tenant, now, startMs),
    ]);
    const services = [...ctx.current].map(([name, s]) => ({ name, type: s.type }));
    const graph = buildGraph({ services, edges, downstream, instances, entities });
    const anomalies: Anomaly[] = [];
    for (const [name, s] of ctx.current) {
      const b = ctx.baselines.get(name);
      const k = s.kpis;
      if (!b || k.calls < 3) continue;
      const id = serviceNode(name);
      if (k.errors >= 3 && k.errorRate >= Math.max(0.05, b.errorRate.mean + 0.05))
        anomalies.push({
          nodeId: id,
          kind: 'errors',
          severity: 'critical',
          since: now - WINDOW_MS,
          summary: `${(k.errorRate * 100).toFixed(0)} % of calls fail (usually ${(b.errorRate.mean * 100).toFixed(1)} %)`,
        });
      if (k.p50Ms !== null && b.p50.n > 10 && k.p50Ms >= Math.max(1.5 * b.p50.mean, b.p50.mean + 30))
        anomalies.push({
          nodeId: id,
          kind: 'latency',
          severity: 'warning',
          since: now - WINDOW_MS,
          summary: `median latency ${k.p50Ms.toFixed(0)} ms (usually ${b.p50.mean.toFixed(0)} ms)`,
        });
    }
    for (const d of recent) {
      if (d.calls >= 3 && d.errors >= 3 && d.errors / d.calls >= 0.2)
        anomalies.push({
          nodeId: serviceNode(d.target),
          kind: 'errors',
          severity: 'critical',
          since: now - WINDOW_MS,
          summary: `${((d.errors / d.calls) * 100).toFixed(0)} % of ${d.caller}'s calls to it fail`,
        });
    }
    const issueNodes = new Set([...ctx.issues.open.values()].filter((i) => i.event.tenant === tenant).map((i) => i.spec.nodeId));
    for (const h of hosts) {
      // an open built-in issue on the host says the same (and is linked as a related issue)
      if (!graph.nodes.has(h.entityId) || issueNodes.has(h.entityId)) continue;
      anomalies.push({
        nodeId: h.entityId,
        kind: 'cpu',
        severity: 'critical',
        since: h.since,
        summary:
          h.until === undefined
            ? `CPU busy ${(h.value * 100).toFixed(0)} % over the last ${h.seconds} s`
            : `CPU busy ${(h.value * 100).toFixed(0)} % for ${h.seconds} s, until ${new Date(h.until).toISOString().slice(11, 19)} UTC`,
      });
    }
    for (const i of ctx.issues.open.values()) {
      if (i.event.tenant !== tenant || i.spec.trigger) continue;
      const kind =
        (i.event.details.evidence as string | undefined) ??
        (i.event.kind.startsWith('sudden-errors')
          ? 'errors'
          : i.event.kind.startsWith('sudden-latency')
            ? 'latency'
            : i.event.kind.startsWith('sudden-drop')
              ? 'throughput'
              : 'issue');
      anomalies.push({
        nodeId: i.spec.nodeId,
        kind,
        severity: i.event.severity === 'critical' ? 'critical' : 'warning',
        // a saturation already there before its issue opened (infra-watch) is dated from then
        since: typeof i.event.details.saturatedSince === 'number' ? i.event.details.saturatedSince : i.event.startMs,
        summary: i.event.text,
        eventId: i.event.id,
      });
    }
    const changes: Change[] = (await changeEvents).map((c) => ({
      nodeId: c.entity.id,
      kind: c.kind,
      at: c.startMs,
      summary: c.title,
      eventId: c.id,
    }));
    const ranked = rankRootCauses(graph, triggers, anomalies, changes, now, Math.min(startMs, now));
    const top = ranked[0];
    const reached = reach(graph, triggers);
    const affected = ranked.length ? [...new Set([...triggers, ...top.explains])] : triggers;
    const related = anomalies.filter((a) => a.eventId && reached.has(a.nodeId)).map((a) => a.eventId!);
    const links = [
      ...affected
        .map((id) => graph.nodes.get(id))
        .flatMap((n) =>
          !n
            ? []
            : n.kind === 'entity'
              ? [{ rel: describeNode(n), href: `/api/v1/infrastructure/entities/${encodeURIComponent(n.id)}` }]
              : [{ rel: describeNode(n), href: `/api/v1/services/${encodeURIComponent(n.name)}` }],
        ),
      ...triggers
        .filter((t) => t.startsWith('service:'))
        .map((t) => ({
          rel: `example traces of ${t.slice(8)}`,
          href: `/api/v1/traces?service=${encodeURIComponent(t.slice(8))}&status=error&from=${startMs - 60_000}&to=${now}`,
        })),
    ];
    // example traces: failing (else slowest) traces of the trigger services (asked for above) and of a root-cause service
    const causeService = top?.node.kind === 'service' && !triggers.includes(top.node.id) ? [traces(top.node.id.slice(8))] : [];
    const found = await Promise.all([...triggerTraces, ...causeService]);
    const exampleTraces = [...new Map(found.flat().map((t) => [t.traceId, t])).values()].slice(0, 5);
    return {
      affected,
      exampleTraces,
      evidence: top ? top.anomalies.length + top.changes.length : 0,
      dependsOn: new Set(top ? reach(graph, [top.node.id]).keys() : []),
      anomalous: new Set(ranked.filter((r) => r.anomalies.length > 0).map((r) => r.node.id)),
      graph: incidentSubgraph(
        graph,
        triggers,
        affected,
        ranked.slice(0, 5).map((r) => r.node.id),
      ),
      rootCause: top
        ? {
            nodeId: top.node.id,
            name: top.node.name,
            kind: top.node.kind === 'entity' ? (top.node.entityType ?? 'entity') : top.node.kind,
            entityId: top.node.entityId,
            explanation: explainRootCause(top, affected.map((id) => graph.nodes.get(id)!).filter(Boolean), ranked[1]),
          }
        : undefined,
      candidates: ranked
        .slice(0, 5)
        .map((r) => ({ nodeId: r.node.id, name: r.node.name, score: Math.round(r.score), explains: r.explains.length })),
      relatedIssues: related,
      changes: changes.filter((c) => reached.has(c.nodeId)).map((c) => c.eventId!),
      links,
    };
  }

  return { correlate, warm };
}

export type Correlator = ReturnType<typeof createCorrelator>;
