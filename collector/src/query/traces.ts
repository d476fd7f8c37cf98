import type { Span, SpansResponse, TraceResponse, TracesResponse } from '@argus/api';
import { queryRowBinary } from '../storage/row-binary-read.js';
import type { Storage } from '../storage/storage.js';
import type { TimeRange } from './resolution.js';
import { ENDPOINT_EXPR, spanWhere, type SpanFilter } from './span-filter.js';
import { traceHits } from './trace-hits.js';
import { traceScatter } from './scatter.js';
import { SPAN_SELECT, spanFromRow, type SpanRow } from './span-view.js';
import { buildTree, type TreeOptions } from './trace-tree.js';
import { traceSpanDetail, traceSql, traceWaterfall } from './trace-waterfall.js';

export interface PageOptions {
  range: TimeRange;
  limit: number;
  offset: number;
}

/**
 * All spans of one trace, ordered by start, each with its endpoint (the same function the KPIs use). The
 * trace_index side table bounds the time range, so the spans read touches one narrow slice (plus the trace-id
 * bloom filter) instead of scanning the day.
 */
export async function getTraceSpans(storage: Storage, tenant: string, traceId: string): Promise<Array<{ span: Span; endpoint: string }>> {
  // one round trip: the trace's time range from the trace-id lookup table is a scalar subquery, which ClickHouse
  // evaluates before index analysis, so partitions and granules outside the range are still skipped
  const rows = await queryRowBinary<SpanRow & { endpoint: string }>(storage, traceSql(`${SPAN_SELECT}, ${ENDPOINT_EXPR} AS endpoint`), {
    tenant,
    traceId,
  });
  return rows.map((r) => ({ span: spanFromRow(r), endpoint: r.endpoint }));
}

/** Span search, trace search and traces by id: the query service behind /spans, /traces and /traces/:traceId. */
export function createTraceQueries(storage: Storage) {
  return {
    /** Spans matching the filter (an attribute filter also matches resource attributes), newest or slowest first. */
    async searchSpans(tenant: string, filter: SpanFilter, o: PageOptions & { order?: 'newest' | 'slowest' }): Promise<SpansResponse> {
      const { where, params } = spanWhere(tenant, o.range, filter, { attributesMatchResource: true });
      const order = o.order === 'slowest' ? 'duration_ns DESC' : 'timestamp DESC';
      const rows = await queryRowBinary<SpanRow>(
        storage,
        `SELECT ${SPAN_SELECT} FROM spans WHERE ${where} ORDER BY ${order} LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
        { ...params, limit: o.limit, offset: o.offset },
      );
      return { spans: rows.map(spanFromRow), limit: o.limit, offset: o.offset, next: rows.length === o.limit ? o.offset + o.limit : null };
    },

    /** Traces with a span matching the filter: one row per trace, represented by its newest (or slowest) matching span. */
    async searchTraces(tenant: string, filter: SpanFilter, o: PageOptions & { sort: 'newest' | 'slowest' }): Promise<TracesResponse> {
      const { where, params } = spanWhere(tenant, o.range, filter);
      const order = o.sort === 'slowest' ? 'duration_ns DESC, timestamp DESC' : 'timestamp DESC, duration_ns DESC';
      const rows = (await traceHits(storage, where, params, order, o.offset + o.limit)).slice(o.offset);
      const ids = rows.map((r) => r.trace_id);
      const traces = ids.length
        ? await storage.query<{ id: string; start_ms: number; end_ms: number; spans: number }>(
            `SELECT lower(hex(trace_id)) AS id, toUnixTimestamp64Milli(min(start)) AS start_ms, toUnixTimestamp64Milli(max(end)) AS end_ms, sum(spans) AS spans
             FROM trace_index WHERE tenant = {tenant:String} AND trace_id IN (SELECT unhex(arrayJoin({ids:Array(String)}))) GROUP BY trace_id`,
            { tenant, ids },
          )
        : [];
      const info = new Map(traces.map((t) => [t.id, t]));
      return {
        from: o.range.from,
        to: o.range.to,
        sort: o.sort,
        limit: o.limit,
        offset: o.offset,
        next: rows.length === o.limit ? o.offset + o.limit : null,
        traces: rows.map((r) => {
          const t = info.get(r.trace_id);
          return {
            traceId: r.trace_id,
            startMs: t ? Number(t.start_ms) : Number(r.start_ms),
            durationMs: t ? Number(t.end_ms) - Number(t.start_ms) : Number(r.duration_ns) / 1e6,
            spans: t ? Number(t.spans) : undefined,
            match: {
              service: r.service,
              name: r.name,
              endpoint: r.endpoint,
              startMs: Number(r.start_ms),
              durationMs: Number(r.duration_ns) / 1e6,
              error: Boolean(Number(r.has_error)),
            },
          };
        }),
      };
    },

    /** Start and duration of every trace matching the filter (its slowest matching span); a uniform sample beyond `limit`. */
    scatter: (tenant: string, filter: SpanFilter, o: { range: TimeRange; limit: number }) => traceScatter(storage, tenant, filter, o),

    /** One trace (32 lower-case hex characters): spans flat with endpoints (and nested with `tree`); null when unknown. */
    async traceById(tenant: string, traceId: string, o: TreeOptions = {}): Promise<TraceResponse | null> {
      const rows = await getTraceSpans(storage, tenant, traceId);
      if (rows.length === 0) return null;
      return {
        traceId,
        ...buildTree(
          rows.map((r) => r.span),
          new Map(rows.map((r) => [r.span.spanId, r.endpoint])),
          o,
        ),
      };
    },

    /** One trace's waterfall, lean and columnar (what the trace view paints first); null when unknown. */
    waterfall: (tenant: string, traceId: string) => traceWaterfall(storage, tenant, traceId),

    /** One span of a trace in full; null when it is not stored. */
    span: (tenant: string, traceId: string, spanId: string) => traceSpanDetail(storage, tenant, traceId, spanId),
  };
}

export type TraceQueries = ReturnType<typeof createTraceQueries>;
