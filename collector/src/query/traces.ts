import type { Storage } from '../storage/storage.js';
import { SPAN_SELECT, spanFromRow, type SpanRow, type SpanView } from './span-view.js';

/**
 * All spans of one trace, ordered by start. The trace_index side table bounds the time range, so the spans read
 * touches one narrow slice (plus the trace-id bloom filter) instead of scanning the day.
 */
export async function getTraceSpans(storage: Storage, tenant: string, traceId: string): Promise<SpanView[]> {
  const [range] = await storage.query<{ start: string; end: string; n: number }>(
    `SELECT toString(min(start)) AS start, toString(max(end)) AS end, sum(spans) AS n FROM trace_index
     WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String})`,
    { tenant, traceId },
  );
  if (!range || Number(range.n) === 0) return [];
  const rows = await storage.query<SpanRow>(
    `SELECT ${SPAN_SELECT} FROM spans
     WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String})
       AND timestamp >= toDateTime64({start:String}, 9, 'UTC') AND timestamp <= toDateTime64({end:String}, 9, 'UTC')
     ORDER BY timestamp, span_hex`,
    { tenant, traceId, start: range.start, end: range.end },
  );
  return rows.map(spanFromRow);
}
