import { startHttpReceiver, type Reply } from './http-receiver.js';

type Obj = Record<string, unknown>;
const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** Checks a body against the PagerDuty Events API v2 contract. */
export function validatePagerDutyEvent(e: unknown): string[] {
  if (typeof e !== 'object' || e === null) return ['not an object'];
  const b = e as Obj;
  const errs: string[] = [];
  if (typeof b.routing_key !== 'string' || b.routing_key.length !== 32) errs.push('routing_key must be 32 characters');
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(b.event_action))) errs.push('bad event_action');
  if (typeof b.dedup_key !== 'string' || !b.dedup_key || b.dedup_key.length > 255) errs.push('dedup_key must be 1-255 characters');
  if (b.event_action === 'trigger') {
    const p = b.payload as Obj | undefined;
    if (!p) return [...errs, 'trigger needs a payload'];
    if (typeof p.summary !== 'string' || !p.summary || p.summary.length > 1024) errs.push('payload.summary must be 1-1024 characters');
    if (typeof p.source !== 'string' || !p.source) errs.push('payload.source missing');
    if (!SEVERITIES.includes(String(p.severity))) errs.push('payload.severity must be critical|error|warning|info');
    if (p.timestamp !== undefined && Number.isNaN(Date.parse(p.timestamp as string))) errs.push('payload.timestamp not ISO-8601');
  }
  return errs;
}

/** A PagerDuty Events v2 endpoint: 202 `{status:"success", dedup_key}` for valid events, 400 otherwise. */
export async function startPagerDutyReceiver() {
  return startHttpReceiver((r): Reply => {
    const errors = validatePagerDutyEvent(r.json);
    if (errors.length) return { status: 400, body: JSON.stringify({ status: 'invalid event', errors }) };
    const key = (r.json as { dedup_key: string }).dedup_key;
    return { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: key }) };
  });
}
