import type { ScatterResponse } from '@argus/api';
import type { Storage } from '../storage/storage.js';
import type { TimeRange } from './resolution.js';
import { spanWhere, type SpanFilter } from './span-filter.js';

/** below this many matching traces (estimated) every trace is grouped and counted exactly */
const EXACT_UP_TO = 10_000;
const HASHES = 2n ** 64n;

interface PointRow {
  id: string;
  start_ms: number;
  dur_ns: number;
  err: number;
}

/**
 * One point per trace with a span matching the trace-search filter: the start and duration of its slowest
 * matching span, and whether any matching span failed. Over `limit` traces a uniform sample by trace-id hash is
 * returned (the traces with the lowest hashes: stable between refreshes).
 *
 * Grouping every trace in the range needs memory per trace: at millions of traces it went past what the embedded
 * ClickHouse may use. So the traces are first estimated (`uniq`, bounded memory); beyond EXACT_UP_TO only the
 * traces whose hash falls in the first fraction of the hash space that should hold ~2 x `limit` of them are grouped
 * (the same lowest-hash sample), widened if that held too few, and the total is the estimate (within ~2%).
 */
export async function traceScatter(
  storage: Storage,
  tenant: string,
  filter: SpanFilter,
  o: { range: TimeRange; limit: number },
): Promise<ScatterResponse> {
  const { where, params } = spanWhere(tenant, o.range, filter);
  const points = (extra: string, more: Record<string, unknown> = {}) =>
    storage.query<PointRow>(
      `SELECT lower(hex(trace_id)) AS id, toUnixTimestamp64Milli(argMax(timestamp, duration_ns)) AS start_ms, max(duration_ns) AS dur_ns,
         max(has_error) AS err
       FROM spans WHERE ${where}${extra} GROUP BY trace_id ORDER BY cityHash64(trace_id) LIMIT {limit:UInt32}`,
      { ...params, ...more, limit: o.limit },
    );
  const [estimate] = await storage.query<{ n: number }>(`SELECT uniq(trace_id) AS n FROM spans WHERE ${where}`, params);
  let total = Number(estimate?.n ?? 0);
  let rows: PointRow[];
  if (total <= EXACT_UP_TO) {
    const [exact] = await storage.query<{ n: number }>(`SELECT uniqExact(trace_id) AS n FROM spans WHERE ${where}`, params);
    total = Number(exact?.n ?? 0);
    rows = await points('');
  } else {
    for (let share = Math.min(1, (2 * o.limit) / total); ; share = Math.min(1, share * 4)) {
      const below = share >= 1 ? HASHES - 1n : BigInt(Math.floor(share * 2 ** 53)) * 2n ** 11n;
      rows = await points(' AND cityHash64(trace_id) <= {below:UInt64}', { below: below.toString() });
      if (rows.length >= o.limit || share >= 1) break;
    }
    total = Math.max(total, rows.length);
  }
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
