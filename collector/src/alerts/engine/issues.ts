import type { Logger } from 'pino';
import type { EventStore } from './event-store.js';
import type { AlertEvent, EntityRef, EventSeverity } from './types.js';

export interface IssueSpec {
  id: string;
  tenant: string;
  kind: string;
  severity: EventSeverity;
  title: string;
  text: string;
  entity: EntityRef;
  service?: string;
  ruleId?: string;
  details?: Record<string, unknown>;
  /** may open incidents (alerts on services, endpoints, websites; built-in sudden changes on entry services) */
  trigger: boolean;
  /** graph node of the issue (service:<name> or an entity id) */
  nodeId: string;
}

export interface OpenIssue {
  event: AlertEvent;
  spec: IssueSpec;
}

/**
 * The open issues (and changes) of the evaluator: writes every state change to the event store and tells the
 * incident manager. Open issues are resumed after a restart.
 */
export function createIssueBook(
  events: EventStore,
  log: Logger,
  hooks: { opened(i: OpenIssue): Promise<void>; resolved(i: OpenIssue): Promise<void> },
) {
  const open = new Map<string, OpenIssue>();
  const write = (e: AlertEvent) => events.write([e]).catch((err: unknown) => log.error({ err, event: e.id }, 'alert event write failed'));
  return {
    open,
    resume(e: AlertEvent, spec: IssueSpec): void {
      open.set(e.id, { event: e, spec });
    },
    async raise(spec: IssueSpec, startMs: number): Promise<OpenIssue> {
      const prior = open.get(spec.id);
      if (prior) return prior;
      const event: AlertEvent = {
        id: spec.id,
        tenant: spec.tenant,
        type: 'issue',
        kind: spec.kind,
        severity: spec.severity,
        state: 'open',
        acknowledged: false,
        title: spec.title,
        text: spec.text,
        entity: spec.entity,
        service: spec.service ?? '',
        ruleId: spec.ruleId ?? '',
        incidentId: '',
        startMs,
        endMs: null,
        details: { ...spec.details, nodeId: spec.nodeId, trigger: spec.trigger },
        updatedAt: Date.now(),
      };
      const issue = { event, spec };
      open.set(spec.id, issue);
      // the incident manager does not need the row (it writes the issue again with its incident): both at once
      const written = write(event);
      await hooks.opened(issue);
      await written;
      return issue;
    },
    async update(id: string, patch: Partial<Pick<AlertEvent, 'severity' | 'text' | 'details' | 'incidentId' | 'title'>>): Promise<void> {
      const i = open.get(id);
      if (!i) return;
      Object.assign(i.event, patch, { updatedAt: Date.now() });
      await write(i.event);
    },
    async resolve(id: string, endMs: number): Promise<void> {
      const i = open.get(id);
      if (!i) return;
      open.delete(id);
      Object.assign(i.event, { state: 'resolved', endMs, updatedAt: Date.now() });
      await write(i.event);
      await hooks.resolved(i);
    },
    /** a change: a point event, written once (stable id) */
    async change(e: AlertEvent): Promise<void> {
      await write(e);
    },
  };
}

export type IssueBook = ReturnType<typeof createIssueBook>;
