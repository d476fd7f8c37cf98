import type { Storage } from '../../storage/storage.js';

export interface TraceScatter {
  total: number;
  truncated: boolean;
  points: Array<{ traceId: string; startMs: number; durationMs: number; error: boolean }>;
}

/**
 * One point per trace matching a trace-search filter (`traceSpanFilter`): the start and duration of its slowest
 * matching span, and whether any matching span failed. Over `limit` traces a uniform sample by trace-id hash is
 * returned (stable between refreshes), with the exact total.
 */
export async function traceScatter(storage: Storage, where: string[], params: Record<string, unknown>, limit: number): Promise<TraceScatter> {
  const cond = where.join(' AND ');
  const [rows, [count]] = await Promise.all([
    storage.query<{ id: string; start_ms: number; duration_ns: number; err: number }>(
      `SELECT lower(hex(trace_id)) AS id, toUnixTimestamp64Milli(argMax(timestamp, duration_ns)) AS start_ms, max(duration_ns) AS duration_ns,
         max(has_error) AS err
       FROM spans WHERE ${cond} GROUP BY trace_id ORDER BY cityHash64(trace_id) LIMIT {limit:UInt32}`,
      { ...params, limit },
    ),
    storage.query<{ n: number }>(`SELECT uniqExact(trace_id) AS n FROM spans WHERE ${cond}`, params),
  ]);
  const total = Number(count?.n ?? 0);
  return {
    total,
    truncated: total > rows.length,
    points: rows
      .map((r) => ({ traceId: r.id, startMs: Number(r.start_ms), durationMs: Number(r.duration_ns) / 1e6, error: Number(r.err) > 0 }))
      .sort((a, b) => a.startMs - b.startMs),
  };
}
