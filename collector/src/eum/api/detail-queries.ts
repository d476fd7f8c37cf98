import type { ErrorsResponse, HttpCallsResponse, ResourcesResponse, SessionResponse } from '@argus/api';
import type { Storage } from '../../storage/storage.js';
import { RAW_WHERE } from './vitals-sql.js';

/** the first stack frame (Chrome/Edge `at ...`, Firefox/Safari `fn@url:line:col`): errors group by message + frame */
const TOP_FRAME = `trimBoth(extract(error_stack, '(?:^|\\n)\\s*(at [^\\n]+|[^\\n@\\s]*@[^\\n]+)'))`;

const ms = (v: string) => Date.parse(v.replace(' ', 'T') + 'Z');

/** The SQL parameters of one website and range (tenant, website, from, to in ms). */
export interface RawScope {
  tenant: string;
  website: string;
  from: number;
  to: number;
}

type Row<T> = T & Record<string, unknown>;

/** Reads from the raw tables: grouped JS errors, slowest resources, HTTP calls with backend traces, one session. */
export function detailReads(storage: Storage) {
  return {
    async errors(params: RawScope, limit: number): Promise<ErrorsResponse> {
      const rows = await storage.query<
        Row<{
          message: string;
          frame: string;
          name: string;
          type: string;
          count: number;
          sessions: number;
          sample_stack: string;
          pages: string[];
          browsers: string[];
          first_seen: string;
          last_seen: string;
        }>
      >(
        `SELECT error_message AS message, ${TOP_FRAME} AS frame, any(name) AS name, any(error_type) AS type,
                sum(error_count) AS count, uniq(session_id) AS sessions, any(error_stack) AS sample_stack,
                groupUniqArray(10)(page) AS pages, groupUniqArray(10)(browser) AS browsers,
                toString(min(timestamp)) AS first_seen, toString(max(timestamp)) AS last_seen
         FROM eum_beacons WHERE ${RAW_WHERE} AND kind = 'error'
         GROUP BY message, frame ORDER BY count DESC, message LIMIT {limit:UInt32}`,
        { ...params, limit },
      );
      return {
        errors: rows.map((r) => ({
          message: r.message,
          topFrame: r.frame,
          name: r.name,
          type: r.type,
          count: Number(r.count),
          sessions: Number(r.sessions),
          sampleStack: r.sample_stack,
          pages: r.pages,
          browsers: r.browsers,
          firstSeen: ms(r.first_seen),
          lastSeen: ms(r.last_seen),
        })),
      };
    },

    async resources(params: RawScope, limit: number): Promise<ResourcesResponse> {
      const rows = await storage.query<{
        url: string;
        initiator: string;
        count: number;
        p50: number;
        p95: number;
        max: number;
        avg_transfer: number;
        avg_size: number;
        cache_hit_ratio: number;
      }>(
        `SELECT url, any(initiator) AS initiator, count() AS count, quantile(0.5)(duration_ms) AS p50, quantile(0.95)(duration_ms) AS p95,
                max(duration_ms) AS max, avg(transfer_size) AS avg_transfer, avg(decoded_size) AS avg_size,
                countIf(cache = 'cache') / count() AS cache_hit_ratio
         FROM eum_resources WHERE ${RAW_WHERE} GROUP BY url ORDER BY p95 DESC LIMIT {limit:UInt32}`,
        { ...params, limit },
      );
      return {
        resources: rows.map((r) => ({
          url: r.url,
          initiator: r.initiator,
          count: Number(r.count),
          p50: Number(r.p50),
          p95: Number(r.p95),
          max: Number(r.max),
          avgTransferBytes: Math.round(Number(r.avg_transfer)),
          avgSizeBytes: Math.round(Number(r.avg_size)),
          cacheHitRatio: Number(r.cache_hit_ratio),
        })),
      };
    },

    async httpCalls(params: RawScope, f: { url?: string; withTrace?: boolean; limit: number }): Promise<HttpCallsResponse> {
      const where = [RAW_WHERE, "kind = 'http'"];
      if (f.url !== undefined) where.push('position(url, {url:String}) > 0');
      if (f.withTrace) where.push("backend_trace_id != ''");
      const rows = await storage.query<{
        time: number;
        method: string;
        url: string;
        status: number;
        duration: number;
        backend_trace_id: string;
        trace_id: string;
        page: string;
        session_id: string;
        api: string;
      }>(
        `SELECT toUnixTimestamp64Milli(timestamp) AS time, http_method AS method, url, http_status AS status, duration_ms AS duration,
                backend_trace_id, trace_id, page, session_id, attributes['api'] AS api
         FROM eum_beacons WHERE ${where.join(' AND ')} ORDER BY timestamp DESC LIMIT {limit:UInt32}`,
        { ...params, url: f.url, limit: f.limit },
      );
      const ids = [...new Set(rows.map((r) => r.backend_trace_id).filter((x) => /^[0-9a-f]{32}$/.test(x)))];
      const found = new Set(
        ids.length
          ? (
              await storage.query<{ id: string }>(
                `SELECT DISTINCT lower(hex(trace_id)) AS id FROM trace_index WHERE tenant = {tenant:String} AND trace_id IN (SELECT arrayJoin(arrayMap(x -> toFixedString(unhex(x), 16), {ids:Array(String)})))`,
                { tenant: params.tenant, ids },
              )
            ).map((r) => r.id)
          : [],
      );
      return {
        calls: rows.map((r) => ({
          time: Number(r.time),
          method: r.method,
          url: r.url,
          status: Number(r.status),
          durationMs: Number(r.duration),
          api: r.api,
          backendTraceId: r.backend_trace_id || null,
          backendTraceFound: found.has(r.backend_trace_id),
          traceparentTraceId: r.trace_id || null,
          page: r.page,
          sessionId: r.session_id,
        })),
      };
    },

    /** Every beacon of a session in time order (at most 10000); vitals absent (-1) become null. */
    async session(params: RawScope, sessionId: string): Promise<SessionResponse> {
      const rows = await storage.query<SessionResponse['beacons'][number]>(
        `SELECT toUnixTimestamp64Milli(timestamp) AS time, kind, page, url, page_load_id, duration_ms, ttfb, fcp, lcp, cls, inp, timings,
                attributes, http_method, http_status, backend_trace_id, error_message, error_stack, error_count, name,
                user_id, user_name, user_email, meta, browser, os, device, country
         FROM eum_beacons WHERE ${RAW_WHERE} AND session_id = {session:String} ORDER BY timestamp, kind LIMIT 10000`,
        { ...params, session: sessionId },
      );
      const vital = (v: unknown) => (Number(v) >= 0 ? Number(v) : null);
      return {
        sessionId,
        beacons: rows.map((r) => ({
          ...r,
          time: Number(r.time),
          duration_ms: vital(r.duration_ms),
          ttfb: vital(r.ttfb),
          fcp: vital(r.fcp),
          lcp: vital(r.lcp),
          cls: vital(r.cls),
          inp: vital(r.inp),
          http_status: Number(r.http_status),
          error_count: Number(r.error_count),
        })),
      };
    },
  };
}
