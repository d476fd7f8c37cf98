import type { ScatterResponse } from '@argus/api';
import type { Storage } from '../storage/storage.js';
import type { TimeRange } from './resolution.js';
import { spanWhere, type SpanFilter } from './span-filter.js';

/**
 * One point per trace with a span matching the trace-search filter: the start and duration of its slowest
 * matching span, and whether any matching span failed. Over `limit` traces a uniform sample by trace-id hash is
 * returned (stable between refreshes), with the exact total.
 */
export async function traceScatter(
  storage: Storage,
  tenant: string,
  filter: SpanFilter,
  o: { range: TimeRange; limit: number },
): Promise<ScatterResponse> {
  const { where, params } = spanWhere(tenant, o.range, filter);
  const [rows, [count]] = await Promise.all([
    storage.query<{ id: string; start_ms: number; dur_ns: number; err: number }>(
      `SELECT lower(hex(trace_id)) AS id, toUnixTimestamp64Milli(argMax(timestamp, duration_ns)) AS start_ms, max(duration_ns) AS dur_ns,
         max(has_error) AS err
       FROM spans WHERE ${where} GROUP BY trace_id ORDER BY cityHash64(trace_id) LIMIT {limit:UInt32}`,
      { ...params, limit: o.limit },
    ),
    storage.query<{ n: number }>(`SELECT uniqExact(trace_id) AS n FROM spans WHERE ${where}`, params),
  ]);
  const total = Number(count?.n ?? 0);
  return {
    from: o.range.from,
    to: o.range.to,
    total,
    truncated: total > rows.length,
    points: rows
      .map((r) => ({ traceId: r.id, startMs: Number(r.start_ms), durationMs: Number(r.dur_ns) / 1e6, error: Number(r.err) > 0 }))
      .sort((a, b) => a.startMs - b.startMs),
  };
}
