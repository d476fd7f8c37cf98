/**
 * What the analytics tables need from a request's spans, gathered while the spans are encoded (span-binary.ts
 * calls `span()` for every accepted span). This replaces the per-span work of the materialized views on `spans`:
 * the collector already has every span decoded, so it aggregates in memory and inserts small rows:
 * - trace_index: per trace, first start, last end, span count;
 * - endpoint KPIs: per entry span (server/consumer) service, endpoint, second: calls, errors, 4xx, duration sum and
 *   the latency histogram (the endpoint cap is applied later, on the main thread, which owns the registry);
 * - service_instances: per resource, first/last seen and spans; service_spans_1m: spans per service and minute;
 * - the span skeleton the call resolver reads (skeleton.ts).
 */
import type { SpanObserver } from '../otlp/span-binary.js';
import type { ResourceInfo } from '../otlp/resource-binary.js';
import { createSkeletonWriter, type SkeletonBatch } from './skeleton.js';
import { asciiUpper, endpointName, latencyBucket } from './endpoint.js';

/** trace_index contribution of one trace: [start sec, start ns, end sec, end ns, spans]. */
export type TraceRange = [number, number, number, number, number];

export interface KpiCell {
  service: string;
  endpoint: string;
  /** second (epoch) */
  sec: number;
  calls: number;
  errors: number;
  clientErrors: number;
  durationSum: number;
  /** latency bucket -> count */
  hist: Map<number, number>;
}

export interface InstanceCell {
  res: ResourceInfo;
  first: number;
  last: number;
  spans: number;
}

/** Everything derived from one request's spans (structured-clone friendly, so a decode worker can hand it over). */
export interface DerivedSpans {
  traces: Map<string, TraceRange>;
  kpis: Map<string, KpiCell>;
  instances: Map<string, InstanceCell>;
  /** `service \u0001 minute` -> spans */
  serviceMinutes: Map<string, number>;
  skeleton: SkeletonBatch;
}

/** PROMOTED_COLUMNS positions */
const P = {
  httpMethod: 0,
  httpRoute: 1,
  httpStatus: 2,
  urlPath: 3,
  urlFull: 4,
  serverAddress: 5,
  dbSystem: 7,
  dbNamespace: 8,
  dbOperation: 9,
  dbCollection: 10,
  dbStatement: 11,
  messagingSystem: 12,
  messagingDestination: 13,
  rpcService: 15,
  rpcMethod: 16,
  peerService: 17,
} as const;

const SEP = '\u0001';

export interface SpanDeriver extends SpanObserver {
  /** what was gathered since the last take(), and a fresh start */
  take(): DerivedSpans;
}

export function createSpanDeriver(): SpanDeriver {
  let d = fresh();
  let skeleton = createSkeletonWriter();
  let lastRes: ResourceInfo | undefined;
  let instance: InstanceCell | undefined;
  // Per-span lookups keyed by strings made for the span cost a hash each (ids, joined keys); spans of a request
  // come grouped by resource and often by trace, and HTTP endpoints repeat: these keep the last cell and reuse names.
  let lastTraceId = '';
  let lastTrace: TraceRange | undefined;
  let minuteService = '';
  let minuteOf = -1;
  let minuteSpans = 0;
  /** entry spans' KPI cells: service -> endpoint -> second */
  let kpiCells = new Map<string, Map<string, Map<number, KpiCell>>>();
  /** HTTP endpoint names by route and method (the same string object each time) */
  const httpNames = new Map<string, Map<string, string>>();
  const peers: string[] = ['', '', '', '', '', ''];

  function fresh(): Omit<DerivedSpans, 'skeleton'> {
    return { traces: new Map(), kpis: new Map(), instances: new Map(), serviceMinutes: new Map() };
  }
  function flushMinute(): void {
    if (minuteSpans === 0) return;
    const mk = `${minuteService}${SEP}${minuteOf}`;
    d.serviceMinutes.set(mk, (d.serviceMinutes.get(mk) ?? 0) + minuteSpans);
    minuteSpans = 0;
  }
  function httpName(method: string, route: string): string {
    let byMethod = httpNames.get(route);
    if (byMethod === undefined) {
      if (httpNames.size >= 4096) httpNames.clear();
      httpNames.set(route, (byMethod = new Map<string, string>()));
    }
    let name = byMethod.get(method);
    if (name === undefined) byMethod.set(method, (name = `${asciiUpper(method)} ${route}`));
    return name;
  }
  function kpiCell(service: string, endpoint: string, sec: number): KpiCell {
    let byEndpoint = kpiCells.get(service);
    if (byEndpoint === undefined) kpiCells.set(service, (byEndpoint = new Map<string, Map<number, KpiCell>>()));
    let bySec = byEndpoint.get(endpoint);
    if (bySec === undefined) byEndpoint.set(endpoint, (bySec = new Map<number, KpiCell>()));
    let k = bySec.get(sec);
    if (k === undefined) {
      k = { service, endpoint, sec, calls: 0, errors: 0, clientErrors: 0, durationSum: 0, hist: new Map() };
      bySec.set(sec, k);
      d.kpis.set(`${service}${SEP}${endpoint}${SEP}${sec}`, k);
    }
    return k;
  }

  return {
    span(s, res, pv, hasError) {
      // trace_index: end = start + duration (the start when the end is not after it)
      const later = s.endSec > s.startSec || (s.endSec === s.startSec && s.endNs > s.startNs);
      const endSec = later ? s.endSec : s.startSec;
      const endNs = later ? s.endNs : s.startNs;
      const t = s.traceId === lastTraceId ? lastTrace : d.traces.get(s.traceId);
      if (t === undefined) d.traces.set(s.traceId, (lastTrace = [s.startSec, s.startNs, endSec, endNs, 1]));
      else {
        if (s.startSec < t[0] || (s.startSec === t[0] && s.startNs < t[1])) {
          t[0] = s.startSec;
          t[1] = s.startNs;
        }
        if (endSec > t[2] || (endSec === t[2] && endNs > t[3])) {
          t[2] = endSec;
          t[3] = endNs;
        }
        t[4]++;
        lastTrace = t;
      }
      lastTraceId = s.traceId;
      // where the service runs (one cell per resource: spans of a request come grouped by resource)
      if (res !== lastRes) {
        lastRes = res;
        const key = [res.service, res.hostName, res.hostId, res.containerId, res.podUid, res.pid, res.entityId, res.serviceInstance].join(
          SEP,
        );
        instance = d.instances.get(key);
        if (instance === undefined) d.instances.set(key, (instance = { res, first: s.startSec, last: s.startSec, spans: 0 }));
      }
      const inst = instance!;
      if (s.startSec < inst.first) inst.first = s.startSec;
      if (s.startSec > inst.last) inst.last = s.startSec;
      inst.spans++;
      const minute = s.startSec - (s.startSec % 60);
      if (minute !== minuteOf || res.service !== minuteService) {
        flushMinute();
        minuteService = res.service;
        minuteOf = minute;
      }
      minuteSpans++;
      const httpMethod = pv[P.httpMethod] as string;
      const httpRoute = pv[P.httpRoute] as string;
      const endpoint =
        httpMethod !== '' && httpRoute !== ''
          ? httpName(httpMethod, httpRoute)
          : endpointName({
              name: s.name,
              httpMethod,
              httpRoute,
              urlPath: pv[P.urlPath] as string,
              urlFull: pv[P.urlFull] as string,
              rpcService: pv[P.rpcService] as string,
              rpcMethod: pv[P.rpcMethod] as string,
              dbSystem: pv[P.dbSystem] as string,
              dbOperation: pv[P.dbOperation] as string,
              dbCollection: pv[P.dbCollection] as string,
              dbStatement: pv[P.dbStatement] as string,
              messagingSystem: pv[P.messagingSystem] as string,
              messagingDestination: pv[P.messagingDestination] as string,
            });
      const durationNs = later ? (s.endSec - s.startSec) * 1e9 + (s.endNs - s.startNs) : 0;
      const httpStatus = pv[P.httpStatus] as number;
      if (s.kind === 2 || s.kind === 5) {
        const k = kpiCell(res.service, endpoint, s.startSec);
        k.calls++;
        if (hasError) k.errors++;
        if (httpStatus >= 400 && httpStatus < 500) k.clientErrors++;
        k.durationSum += durationNs;
        const b = latencyBucket(durationNs);
        k.hist.set(b, (k.hist.get(b) ?? 0) + 1);
      }
      peers[0] = pv[P.dbSystem] as string;
      peers[1] = pv[P.dbNamespace] as string;
      peers[2] = pv[P.serverAddress] as string;
      peers[3] = pv[P.messagingSystem] as string;
      peers[4] = pv[P.messagingDestination] as string;
      peers[5] = pv[P.peerService] as string;
      skeleton.add(s, res.service, endpoint, durationNs, hasError, httpStatus, peers);
    },
    take() {
      flushMinute();
      const out: DerivedSpans = { ...d, skeleton: skeleton.take() };
      d = fresh();
      skeleton = createSkeletonWriter();
      lastRes = undefined;
      instance = undefined;
      lastTraceId = '';
      lastTrace = undefined;
      minuteService = '';
      minuteOf = -1;
      kpiCells = new Map();
      return out;
    },
  };
}
