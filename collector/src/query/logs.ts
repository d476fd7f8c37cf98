import type { Hono } from 'hono';
import { mergeAttributes, untag } from '../ingest/otlp/attributes.js';
import type { AppEnv, CollectorDeps } from '../module.js';
import { parseIntParam, parseRange, parseTraceId } from './params.js';

interface LogRow {
  ts: string;
  observed: string;
  trace_hex: string;
  span_hex: string;
  flags: number;
  severity_text: string;
  severity_number: number;
  service: string;
  entity_id: string;
  event_name: string;
  body: string;
  body_typed: string;
  attributes: Record<string, string>;
  attributes_typed: Record<string, string>;
  resource_attributes: Record<string, string>;
  resource_attributes_typed: Record<string, string>;
  scope_name: string;
  scope_version: string;
}

/** GET /logs?service&severity(min number)&traceId&q(text)&from&to&limit — newest first. */
export function registerLogRoutes(app: Hono<AppEnv>, deps: CollectorDeps): void {
  app.get('/logs', async (c) => {
    const q = (k: string) => c.req.query(k);
    const { from, to } = parseRange(q);
    const limit = parseIntParam(q('limit'), 100, 1, 1000, 'limit');
    const where = [
      'tenant = {tenant:String}',
      'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
      'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
    ];
    const params: Record<string, unknown> = { tenant: c.get('tenant'), from, to, limit };
    if (q('service')) (where.push('service = {service:String}'), (params.service = q('service')));
    if (q('severity')) (where.push('severity_number >= {sev:UInt8}'), (params.sev = parseIntParam(q('severity'), 0, 0, 24, 'severity')));
    if (q('traceId')) (where.push('trace_id = unhex({traceId:String})'), (params.traceId = parseTraceId(q('traceId')!)));
    if (q('q')) (where.push('positionCaseInsensitive(body, {text:String}) > 0'), (params.text = q('q')));
    const rows = await deps.storage.query<LogRow>(
      `SELECT toString(toUnixTimestamp64Nano(timestamp)) AS ts, toString(toUnixTimestamp64Nano(observed_timestamp)) AS observed,
              lower(hex(trace_id)) AS trace_hex, lower(hex(span_id)) AS span_hex, flags, severity_text, severity_number, service,
              entity_id, event_name, body, body_typed, attributes, attributes_typed, resource_attributes, resource_attributes_typed,
              scope_name, scope_version
       FROM logs WHERE ${where.join(' AND ')} ORDER BY timestamp DESC LIMIT {limit:UInt32}`,
      params,
    );
    return c.json({
      logs: rows.map((r) => ({
        timeUnixNano: r.ts,
        observedTimeUnixNano: r.observed,
        traceId: /^0+$/.test(r.trace_hex) ? '' : r.trace_hex,
        spanId: /^0+$/.test(r.span_hex) ? '' : r.span_hex,
        flags: Number(r.flags),
        severityText: r.severity_text,
        severityNumber: Number(r.severity_number),
        service: r.service,
        entityId: r.entity_id,
        eventName: r.event_name,
        body: r.body_typed ? untag(r.body_typed) : r.body,
        attributes: mergeAttributes(r.attributes, r.attributes_typed),
        resource: mergeAttributes(r.resource_attributes, r.resource_attributes_typed),
        scope: { name: r.scope_name, version: r.scope_version },
      })),
    });
  });
}
