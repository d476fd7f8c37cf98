import type { Logger } from 'pino';
import type { DeliveryQueue } from '../delivery/queue.js';
import { stableId } from '../store/ids.js';
import type { EventStore } from './event-store.js';
import type { OpenIssue } from './issues.js';
import { notify } from './notify.js';
import type { IncidentGraph } from '../correlation/subgraph.js';
import type { ExampleTrace } from '../signals/read-side.js';
import type { AlertEvent } from './types.js';

export interface Correlation {
  /** graph nodes the incident touches (triggers, what they depend on that is anomalous) */
  affected: string[];
  rootCause?: { nodeId: string; name: string; kind: string; entityId?: string; explanation: string };
  /** anomalies and changes seen on the root cause now (0: nothing anomalous left, e.g. after recovery) */
  evidence: number;
  /** every node the root cause depends on (transitively), and the candidates anomalous now: not stored */
  dependsOn: ReadonlySet<string>;
  anomalous: ReadonlySet<string>;
  candidates: Array<{ nodeId: string; name: string; score: number; explains: number }>;
  /** ids of issues and changes on the affected components in the incident's window */
  relatedIssues: string[];
  changes: string[];
  /** links to the components' API pages and example traces */
  links: Array<{ rel: string; href: string }>;
  /** a few traces showing the problem (the trigger services' failing, else slowest, traces) */
  exampleTraces: ExampleTrace[];
  /** the part of the dependency graph the incident touches: triggers, affected components, candidates, the paths between */
  graph: IncidentGraph;
}

interface IncidentState {
  event: AlertEvent;
  triggers: Map<string, OpenIssue>;
  channels: Set<string>;
  affected: Set<string>;
  timeline: Array<{ time: number; what: string }>;
  /** when it was last correlated (refresh() re-correlates every refreshMs while settling) */
  correlatedAt: number;
}

export interface IncidentDeps {
  events: EventStore;
  queue: DeliveryQueue;
  log: Logger;
  publicUrl: string;
  /** channels to notify for a trigger issue (its rule's channels; built-in triggers: channels with notifyBuiltIn) */
  channelsFor(issue: OpenIssue): string[];
  correlate(tenant: string, triggerNodes: string[], startMs: number): Promise<Correlation>;
  /** refresh the root cause for this long after opening */
  settleMs: number;
  /** ... at most this often (a correlation reads the graph, changes and example traces: ~10 queries) */
  refreshMs: number;
}

/**
 * Incidents, per Instana's rule: issues alone do not page; an incident opens when a trigger issue (an alert on a
 * service, endpoint or website, or a built-in sudden change on an entry service) opens, unless an open incident
 * already covers that component, which the trigger then joins. It correlates over the dependency graph, names a
 * ranked root cause, notifies the triggers' channels once on open and once on resolve, and resolves when its
 * last trigger has recovered.
 */
export function createIncidentManager(d: IncidentDeps) {
  const open = new Map<string, IncidentState>();
  const write = (e: AlertEvent) =>
    d.events.write([{ ...e, updatedAt: Date.now() }]).catch((err: unknown) => d.log.error({ err }, 'incident write failed'));

  function apply(st: IncidentState, c: Correlation) {
    const prior = (st.event.details.rootCause as Correlation['rootCause'] | undefined)?.nodeId;
    // a pass that sees nothing anomalous any more (the fault is over, the triggers not resolved yet) keeps the
    // root cause found while it was visible
    if (prior && c.evidence === 0) return;
    // ... and so does a pass whose best candidate depends on the earlier root cause, which is not anomalous any more:
    // evidence clears downstream first on recovery (a restarted database answers while its callers' windows still
    // hold failures), so the new best is a symptom of the earlier one, not a better cause
    if (prior && c.rootCause && c.rootCause.nodeId !== prior && c.dependsOn.has(prior) && !c.anomalous.has(prior)) return;
    for (const a of c.affected) st.affected.add(a);
    if (c.rootCause && c.rootCause.nodeId !== prior) st.timeline.push({ time: Date.now(), what: `root cause: ${c.rootCause.name}` });
    st.event.details = {
      ...st.event.details,
      rootCause: c.rootCause,
      candidates: c.candidates,
      affected: [...st.affected],
      relatedIssues: c.relatedIssues,
      changes: c.changes,
      links: c.links,
      graph: c.graph,
      // the examples already there stay first (the open notification linked them), new ones fill up to 5
      exampleTraces: [
        ...new Map(
          [...((st.event.details.exampleTraces as ExampleTrace[] | undefined) ?? []), ...c.exampleTraces].map((t) => [t.traceId, t]),
        ).values(),
      ].slice(0, 5),
      triggers: [...st.triggers.keys()],
      timeline: st.timeline,
    };
  }

  async function correlate(st: IncidentState) {
    st.correlatedAt = Date.now();
    try {
      apply(
        st,
        await d.correlate(
          st.event.tenant,
          [...st.triggers.values()].map((t) => t.spec.nodeId),
          st.event.startMs,
        ),
      );
    } catch (err) {
      d.log.warn({ err, incident: st.event.id }, 'incident correlation failed');
    }
  }

  return {
    open,
    resume(e: AlertEvent, triggers: OpenIssue[]) {
      open.set(e.id, {
        event: e,
        triggers: new Map(triggers.map((t) => [t.event.id, t])),
        channels: new Set((e.details.channels as string[] | undefined) ?? []),
        affected: new Set((e.details.affected as string[] | undefined) ?? []),
        timeline: (e.details.timeline as IncidentState['timeline'] | undefined) ?? [],
        correlatedAt: 0,
      });
    },
    async issueOpened(issue: OpenIssue): Promise<void> {
      if (!issue.spec.trigger) return;
      const tenant = issue.event.tenant;
      const channels = d.channelsFor(issue);
      const joined = [...open.values()].find(
        (st) =>
          st.event.tenant === tenant &&
          (st.affected.has(issue.spec.nodeId) || [...st.triggers.values()].some((t) => t.spec.nodeId === issue.spec.nodeId)),
      );
      if (joined) {
        joined.triggers.set(issue.event.id, issue);
        joined.timeline.push({ time: issue.event.startMs, what: `trigger joined: ${issue.event.title}` });
        const fresh = channels.filter((c) => !joined.channels.has(c));
        for (const c of fresh) joined.channels.add(c);
        joined.event.details = {
          ...joined.event.details,
          channels: [...joined.channels],
          triggers: [...joined.triggers.keys()],
          timeline: joined.timeline,
        };
        if (issue.event.severity === 'critical') joined.event.severity = 'critical';
        issue.event.incidentId = joined.event.id;
        await d.events.write([{ ...issue.event, updatedAt: Date.now() }]);
        await write(joined.event);
        if (fresh.length) await notify(d.queue, joined.event, fresh, 'open', d.publicUrl);
        return;
      }
      const id = stableId('inc', issue.event.id);
      const event: AlertEvent = {
        id,
        tenant,
        type: 'incident',
        kind: 'incident',
        severity: issue.event.severity,
        state: 'open',
        acknowledged: false,
        title: `${issue.event.entity.name}: ${issue.event.title}`,
        text: issue.event.text,
        entity: issue.event.entity,
        service: issue.event.service,
        ruleId: issue.event.ruleId,
        incidentId: id,
        startMs: issue.event.startMs,
        endMs: null,
        details: { channels, signal: issue.event.details.signal, host: issue.event.details.host },
        updatedAt: Date.now(),
      };
      const st: IncidentState = {
        event,
        triggers: new Map([[issue.event.id, issue]]),
        channels: new Set(channels),
        affected: new Set([issue.spec.nodeId]),
        timeline: [],
        correlatedAt: 0,
      };
      st.timeline.push({ time: issue.event.startMs, what: `opened by: ${issue.event.title}` });
      open.set(id, st);
      const t0 = Date.now();
      await correlate(st);
      const correlatedMs = Date.now() - t0;
      const rc = event.details.rootCause as Correlation['rootCause'];
      if (rc) event.text = `${event.text} Root cause: ${rc.name}.`;
      issue.event.incidentId = id;
      // the trigger and its incident in one insert: the first message waits for them
      await d.events.write([
        { ...issue.event, updatedAt: Date.now() },
        { ...event, updatedAt: Date.now() },
      ]);
      await notify(d.queue, event, [...st.channels], 'open', d.publicUrl);
      d.log.info({ incident: id, rootCause: rc?.name ?? null, correlatedMs, queuedMs: Date.now() - t0 }, 'incident opened');
    },
    async issueResolved(issue: OpenIssue): Promise<void> {
      for (const st of open.values()) {
        if (!st.triggers.delete(issue.event.id)) continue;
        st.timeline.push({ time: Date.now(), what: `trigger recovered: ${issue.event.title}` });
        st.event.details = { ...st.event.details, triggers: [...st.triggers.keys()], timeline: st.timeline };
        if (st.triggers.size > 0) {
          await write(st.event);
          continue;
        }
        open.delete(st.event.id);
        st.event.state = 'resolved';
        st.event.endMs = Date.now();
        await write(st.event);
        await notify(d.queue, st.event, [...st.channels], 'resolve', d.publicUrl);
      }
    },
    /** re-correlates incidents still settling (evidence arrives over the first seconds), every refreshMs */
    async refresh(now: number): Promise<void> {
      for (const st of open.values()) {
        if (now - st.event.startMs > d.settleMs || now - st.correlatedAt < d.refreshMs) continue;
        const before = JSON.stringify(st.event.details.rootCause ?? null);
        await correlate(st);
        if (JSON.stringify(st.event.details.rootCause ?? null) !== before) await write(st.event);
      }
    },
    /** close by hand: resolved for the channels too (PagerDuty gets its resolve) */
    async close(id: string): Promise<AlertEvent | undefined> {
      const st = open.get(id);
      if (!st) return undefined;
      open.delete(id);
      st.event.state = 'closed';
      st.event.endMs = Date.now();
      st.timeline.push({ time: Date.now(), what: 'closed by a user' });
      st.event.details = { ...st.event.details, timeline: st.timeline };
      await write(st.event);
      await notify(d.queue, st.event, [...st.channels], 'resolve', d.publicUrl);
      return st.event;
    },
    async acknowledge(id: string): Promise<AlertEvent | undefined> {
      const st = open.get(id);
      if (!st) return undefined;
      st.event.acknowledged = true;
      st.timeline.push({ time: Date.now(), what: 'acknowledged' });
      st.event.details = { ...st.event.details, timeline: st.timeline };
      await write(st.event);
      return st.event;
    },
  };
}

export type IncidentManager = ReturnType<typeof createIncidentManager>;
