import type { LogsResponse } from '@argus/api';
import { mergeAttributes, untag } from '../ingest/otlp/attributes.js';
import type { Storage } from '../storage/storage.js';
import type { TimeRange } from './resolution.js';

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

export interface LogsFilter {
  range: TimeRange;
  service?: string;
  /** minimum severity_number */
  minSeverity?: number;
  traceId?: string;
  /** case-insensitive substring of the body */
  text?: string;
  limit: number;
}

/** Log records, newest first: the query service behind GET /logs. */
export function createLogQueries(storage: Storage) {
  return {
    async logs(tenant: string, f: LogsFilter): Promise<LogsResponse> {
      const where = [
        'tenant = {tenant:String}',
        'timestamp >= fromUnixTimestamp64Milli({from:Int64})',
        'timestamp <= fromUnixTimestamp64Milli({to:Int64})',
      ];
      if (f.service !== undefined) where.push('service = {service:String}');
      if (f.minSeverity !== undefined) where.push('severity_number >= {sev:UInt8}');
      if (f.traceId !== undefined) where.push('trace_id = unhex({traceId:String})');
      if (f.text !== undefined) where.push('positionCaseInsensitive(body, {text:String}) > 0');
      const rows = await storage.query<LogRow>(
        `SELECT toString(toUnixTimestamp64Nano(timestamp)) AS ts, toString(toUnixTimestamp64Nano(observed_timestamp)) AS observed,
                lower(hex(trace_id)) AS trace_hex, lower(hex(span_id)) AS span_hex, flags, severity_text, severity_number, service,
                entity_id, event_name, body, body_typed, attributes, attributes_typed, resource_attributes, resource_attributes_typed,
                scope_name, scope_version
         FROM logs WHERE ${where.join(' AND ')} ORDER BY timestamp DESC LIMIT {limit:UInt32}`,
        {
          tenant,
          from: f.range.from,
          to: f.range.to,
          limit: f.limit,
          service: f.service,
          sev: f.minSeverity,
          traceId: f.traceId,
          text: f.text,
        },
      );
      return {
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
      };
    },
  };
}

export type LogQueries = ReturnType<typeof createLogQueries>;
