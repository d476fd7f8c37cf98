/**
 * The collector's own counters and gauges, exposed at GET /metrics in Prometheus text format.
 * One instance per collector (no module-level state).
 */
import { readFileSync } from 'node:fs';

export interface Telemetry {
  count(name: string, labels: Record<string, string>, value?: number): void;
  gauge(name: string, labels: Record<string, string>, read: () => number): void;
  observe(name: string, labels: Record<string, string>, value: number): void;
  render(): string;
}

const HELP: Record<string, string> = {
  argus_received_total: 'Items received per signal (spans, metric points, log records, ...)',
  argus_rejected_total: 'Items or requests rejected, by signal and reason',
  argus_stored_total: 'Rows durably stored per table',
  argus_queue_rows: 'Rows waiting to be written per table',
  argus_insert_seconds: 'ClickHouse insert latency per table',
  argus_batch_rows: 'Rows per ClickHouse insert per table',
  argus_requests_total: 'HTTP requests by route template and status (both ports)',
  argus_job_runs_total: 'Background job runs by job and result (success, failure, timeout)',
  argus_job_skipped_total: 'Scheduled job runs skipped because the previous run was still going',
  argus_job_duration_seconds: 'Background job run duration',
  argus_job_last_success_seconds: 'Unix time of the last successful run per job (0: none yet)',
  argus_jobs_leader: '1 while this collector runs the singleton jobs (holds the lease), else 0',
  argus_tracer_spans_dropped_total: 'Spans the Argus tracers could not deliver, by service and reason',
  argus_ingest_ack_seconds: 'OTLP request latency from arrival to acknowledgement (write-ahead log synced, or stored), by signal',
  argus_ingest_inflight_bytes: 'Bytes of OTLP request bodies being read, decoded and logged (bounded by ARGUS_INGEST_MAX_INFLIGHT_BYTES)',
  argus_ingest_pending_rows: 'Rows accepted and not yet stored in ClickHouse',
  argus_ingest_pending_bytes: 'Bytes of rows accepted and not yet stored in ClickHouse',
  argus_wal_bytes: 'Bytes in write-ahead log segments not yet stored in ClickHouse (bounded by ARGUS_WAL_MAX_BYTES)',
  argus_resolver_lag_seconds: 'Age of the oldest stored span batch the call resolver has not processed yet (0: caught up)',
  argus_resolver_traces_in_memory: 'Traces the call resolver keeps in memory',
  argus_resolver_pending_traces: 'Traces evicted from memory with a client span still waiting out its grace period',
  argus_process_resident_memory_bytes: "The collector process's resident memory (JavaScript heap, buffers and the embedded ClickHouse)",
  argus_process_resident_memory_kind_bytes:
    'Resident memory by kind (Linux): anon (heaps: V8, ClickHouse, malloc) and file (mapped files, mostly the code of libchdb.so, shared and reclaimable)',
  argus_nodejs_heap_bytes: 'V8 heap of the collector process: used and total',
  argus_nodejs_external_bytes: 'Memory outside the V8 heap held by JavaScript objects (Buffers, ArrayBuffers)',
  argus_resolver_memory_bytes:
    "The call resolver thread's V8 heap and the memory its Buffers hold (kind: heap, external; not part of argus_nodejs_*)",
  argus_decode_heap_bytes: "The decode worker threads' V8 heaps (total; not part of argus_nodejs_heap_bytes)",
  argus_clickhouse_memory_bytes:
    "ClickHouse's own memory by kind: tracked (queries, inserts, merges), merges, and each cache (embedded: bounded by ARGUS_EMBEDDED_MAX_MEMORY)",
  argus_insert_failures_total:
    'Failed ClickHouse insert attempts per table and kind (storage: retried; data: the batch is split to find the refused request)',
};

const BUCKETS: Record<string, number[]> = {
  argus_insert_seconds: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  argus_ingest_ack_seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  argus_batch_rows: [10, 100, 1000, 10_000, 50_000, 100_000, 500_000],
  argus_job_duration_seconds: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
};

const key = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',');

const braces = (k: string) => (k ? `{${k}}` : '');

export function createTelemetry(): Telemetry {
  const counters = new Map<string, Map<string, number>>();
  const gauges = new Map<string, Map<string, () => number>>();
  const histos = new Map<string, Map<string, { counts: number[]; sum: number; count: number }>>();
  const slot = <V>(m: Map<string, Map<string, V>>, name: string) => {
    let s = m.get(name);
    if (!s) m.set(name, (s = new Map<string, V>()));
    return s;
  };
  return {
    count(name, labels, value = 1) {
      const s = slot(counters, name);
      const k = key(labels);
      s.set(k, (s.get(k) ?? 0) + value);
    },
    gauge(name, labels, read) {
      slot(gauges, name).set(key(labels), read);
    },
    observe(name, labels, value) {
      const bounds = BUCKETS[name] ?? [1];
      const s = slot(histos, name);
      const k = key(labels);
      let h = s.get(k);
      if (!h) s.set(k, (h = { counts: bounds.map(() => 0), sum: 0, count: 0 }));
      bounds.forEach((b, i) => {
        if (value <= b) h.counts[i]++;
      });
      h.sum += value;
      h.count++;
    },
    render() {
      const out: string[] = [];
      const head = (name: string, type: string) => out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} ${type}`);
      for (const [name, s] of counters) {
        head(name, 'counter');
        for (const [k, v] of s) out.push(`${name}${braces(k)} ${v}`);
      }
      for (const [name, s] of gauges) {
        head(name, 'gauge');
        for (const [k, read] of s) out.push(`${name}${braces(k)} ${read()}`);
      }
      for (const [name, s] of histos) {
        head(name, 'histogram');
        const bounds = BUCKETS[name] ?? [1];
        for (const [k, h] of s) {
          const sep = k ? ',' : '';
          bounds.forEach((b, i) => out.push(`${name}_bucket{${k}${sep}le="${b}"} ${h.counts[i]}`));
          out.push(
            `${name}_bucket{${k}${sep}le="+Inf"} ${h.count}`,
            `${name}_sum${braces(k)} ${h.sum}`,
            `${name}_count${braces(k)} ${h.count}`,
          );
        }
      }
      return out.join('\n') + '\n';
    },
  };
}

/**
 * The process's memory as gauges, read at scrape time: resident memory, V8 heap (used/total) and external memory.
 * With embedded storage, resident memory minus heap total and external is mostly ClickHouse's (caches, insert
 * buffers, merges) and the code itself.
 */
export function registerProcessGauges(t: Telemetry): void {
  t.gauge('argus_process_resident_memory_bytes', {}, () => process.memoryUsage.rss());
  if (residentKinds() !== undefined) {
    t.gauge('argus_process_resident_memory_kind_bytes', { kind: 'anon' }, () => residentKinds()?.anon ?? 0);
    t.gauge('argus_process_resident_memory_kind_bytes', { kind: 'file' }, () => residentKinds()?.file ?? 0);
  }
  t.gauge('argus_nodejs_heap_bytes', { kind: 'used' }, () => process.memoryUsage().heapUsed);
  t.gauge('argus_nodejs_heap_bytes', { kind: 'total' }, () => process.memoryUsage().heapTotal);
  t.gauge('argus_nodejs_external_bytes', {}, () => process.memoryUsage().external);
}

/**
 * RssAnon and RssFile of /proc/self/status in bytes (undefined where there is none). The file part is mostly the
 * embedded ClickHouse's code (libchdb.so, ~200 MB of it touched): shared, clean pages the kernel can drop and read
 * back, unlike the anonymous part, which is what the process allocated.
 */
export function residentKinds(): { anon: number; file: number } | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return undefined;
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  const anon = kb('RssAnon');
  const file = kb('RssFile');
  return Number.isFinite(anon) && Number.isFinite(file) ? { anon, file } : undefined;
}
