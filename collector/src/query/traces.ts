import type { Storage } from '../storage/storage.js';
import { SPAN_SELECT, spanFromRow, type SpanRow, type SpanView } from './span-view.js';

/**
 * All spans of one trace, ordered by start. The trace_index side table bounds the time range, so the spans read
 * touches one narrow slice (plus the trace-id bloom filter) instead of scanning the day.
 */
export async function getTraceSpans(storage: Storage, tenant: string, traceId: string): Promise<SpanView[]> {
  // one round trip: the trace's time range from the trace-id lookup table is a scalar subquery, which ClickHouse
  // evaluates before index analysis, so partitions and granules outside the range are still skipped
  const rows = await storage.query<SpanRow>(
    `WITH (SELECT (min(start), max(end)) FROM trace_index WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String})) AS range
     SELECT ${SPAN_SELECT} FROM spans
     WHERE tenant = {tenant:String} AND trace_id = unhex({traceId:String}) AND timestamp >= range.1 AND timestamp <= range.2
     ORDER BY timestamp, span_hex`,
    { tenant, traceId },
  );
  return rows.map(spanFromRow);
}
