import { anyString, splitAttributes, tagged, type AnyValue, type KeyValue } from './attributes.js';
import { RESOURCE_COLUMNS, resourceSegment, SCOPE_COLUMNS, scopeSegment, type Resource, type Scope } from './resource.js';
import type { RowBatch } from './span-rows.js';
import { beforeSec, idHex, intEnum, str, toBigInt, type LongLike } from './values.js';
import { tsvMap, tsvNanos, tsvString } from '../../storage/tsv.js';

export interface LogRecord {
  timeUnixNano?: LongLike;
  observedTimeUnixNano?: LongLike;
  severityNumber?: number | string;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  flags?: number;
  traceId?: Uint8Array | string;
  spanId?: Uint8Array | string;
  eventName?: string;
}
export interface LogsRequest {
  resourceLogs?: { resource?: Resource; scopeLogs?: { scope?: Scope; logRecords?: LogRecord[] }[] }[];
}

/** logs has no process/container promoted columns beyond entity id: the resource segment is shared with spans */
export const LOG_COLUMNS = [
  ...RESOURCE_COLUMNS.filter(
    (c) => !['service_version', 'service_instance', 'host_name', 'process_pid', 'container_id', 'k8s_pod_uid'].includes(c),
  ),
  ...SCOPE_COLUMNS,
  'timestamp',
  'observed_timestamp',
  'trace_id_hex',
  'span_id_hex',
  'flags',
  'severity_text',
  'severity_number',
  'event_name',
  'body',
  'body_typed',
  'attributes',
  'attributes_typed',
] as const;

/** Resource segment restricted to the log table's resource columns. */
function logResource(tenant: string, r: Resource | undefined): string {
  const cells = resourceSegment(tenant, r).slice(0, -1).split('\t');
  // RESOURCE_COLUMNS order: tenant service service_version service_instance host_name entity_id process_pid container_id k8s_pod_uid resattrs restyped
  return [cells[0], cells[1], cells[5], cells[9], cells[10]].join('\t') + '\t';
}

/**
 * Log records whose time (or observed time when the time is unset) is before `minSec` (epoch seconds: the
 * retention window) are rejected, since the table's TTL would drop them on insert; so are records timed after
 * `maxSec` (a clock or encoding error, past what DateTime64 stores) and severity numbers outside OTLP's 0-24.
 */
export function buildLogRows(tenant: string, req: LogsRequest, minSec = -Infinity, maxSec = Infinity): RowBatch {
  const b: RowBatch = { lines: '', rows: 0, rejected: 0, errors: [] };
  for (const rl of req.resourceLogs ?? []) {
    const res = logResource(tenant, rl.resource);
    for (const sl of rl.scopeLogs ?? []) {
      const prefix = res + scopeSegment(sl.scope);
      for (const r of sl.logRecords ?? []) {
        const traceId = idHex(r.traceId, 16);
        const spanId = idHex(r.spanId, 8);
        if (traceId === undefined || spanId === undefined) {
          b.rejected++;
          if (b.errors.length < 5) b.errors.push('log traceId/spanId must be empty or 16/8 bytes');
          continue;
        }
        const observed = toBigInt(r.observedTimeUnixNano);
        const time = toBigInt(r.timeUnixNano) || observed;
        if (beforeSec(time, minSec)) {
          b.rejected++;
          if (b.errors.length < 5)
            b.errors.push('log record time is before the retention window (older than ARGUS_RETENTION_DAYS, or unset)');
          continue;
        }
        if (!beforeSec(time, maxSec + 1) || !beforeSec(observed, maxSec + 1)) {
          b.rejected++;
          if (b.errors.length < 5) b.errors.push('log record time is more than a day in the future (a clock or encoding error)');
          continue;
        }
        const severity = intEnum(r.severityNumber, 'severityNumber');
        if (severity > 24) {
          b.rejected++;
          if (b.errors.length < 5) b.errors.push('log severityNumber must be 0-24');
          continue;
        }
        const bodyTag = r.body ? tagged(r.body) : 'e:';
        const bodyText = anyString(r.body) ?? (bodyTag && bodyTag !== 'e:' ? bodyTag.slice(2) : '');
        const attrs = splitAttributes(r.attributes);
        b.lines += `${prefix}${tsvNanos(time)}\t${tsvNanos(observed)}\t${traceId}\t${spanId}\t${(r.flags ?? 0) >>> 0}\t`;
        b.lines += `${tsvString(str(r.severityText))}\t${severity}\t${tsvString(str(r.eventName))}\t`;
        b.lines += `${tsvString(bodyText)}\t${tsvString(bodyTag ?? '')}\t${tsvMap(attrs.strings)}\t${tsvMap(attrs.typed)}\n`;
        b.rows++;
      }
    }
  }
  return b;
}
