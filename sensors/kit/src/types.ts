import type { Logger } from 'pino';
import type { z } from 'zod';

/** A process as discovered by the agent from /proc. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** comm name, e.g. "nginx" */
  name: string;
  /** resolved /proc/<pid>/exe, '' when unreadable */
  exe: string;
  /** argv as read from /proc/<pid>/cmdline */
  cmdline: string[];
  uid: number;
  user: string;
  /** process start time, ms since epoch */
  startTime: number;
  containerId?: string;
  podUid?: string;
  /** TCP ports this process listens on (v4 and v6), sorted ascending */
  listenPorts: number[];
}

/** Attribute values allowed on resources and data points. */
export type AttrValue = string | number | boolean;
export type Attributes = Record<string, AttrValue>;

export type MetricKind = 'gauge' | 'counter';

/**
 * One sampled value. `counter` values are cumulative (monotonic) totals; the
 * exporter sends them as OTLP cumulative sums, and rates are derived on query.
 * Sensors that already compute a rate should report it as a gauge named `*.rate` or `*_per_s`.
 */
export interface MetricPoint {
  name: string;
  value: number;
  kind?: MetricKind; // default 'gauge'
  unit?: string;
  attributes?: Attributes;
}

/** An entity snapshot: what a thing is (version, config facts), sent on change and refreshed periodically. */
export interface EntitySnapshot {
  /** stable id, e.g. `host:<machine-id>`, `process:<host>:<pid>:<starttime>`, `redis:<host>:<port>` */
  id: string;
  /** host | container | process | agent | <technology> such as nginx, postgres, redis, nodejs */
  type: string;
  name: string;
  /** id of the containing / running entity (host contains container contains process runs technology) */
  parentId?: string;
  attributes: Attributes;
}

/** Something a sensor wants the user to know: stub_status missing, bad credentials, ... */
export interface SensorEvent {
  severity: 'info' | 'warning' | 'critical';
  code: string; // stable machine code, e.g. NGINX_STUB_STATUS_MISSING
  message: string;
  entityId?: string;
}

export interface CollectResult {
  metrics: MetricPoint[];
  /** snapshots to (re)publish; the agent sends them only when they changed or on the periodic refresh */
  snapshots?: EntitySnapshot[];
  events?: SensorEvent[];
}

export interface SensorContext<C = unknown> {
  /** validated per-sensor config from the agent's config file */
  config: C;
  log: Logger;
  /** resource attributes of the entity this sensor instance monitors (host.id, process.pid, container.id, argus.entity.id ...) */
  resource: Attributes;
  /** entity id of the host the agent runs on */
  hostEntityId: string;
  /** path to the proc filesystem (`/proc`, or `/host/proc` in a container) */
  procRoot: string;
  /** emit an event outside of collect (e.g. from a background connection error) */
  emit(event: SensorEvent): void;
}

export interface SensorInstance {
  /** Called every second. Must honour `signal` (the supervisor aborts it on timeout). */
  collect(signal: AbortSignal): Promise<CollectResult>;
  stop(): Promise<void> | void;
}

/**
 * The extension point: one small object per technology, in its own folder under sensors/.
 * `detect` is called for every discovered process (and once with `null` for host-level sensors);
 * returns a target (what to monitor) or null. The supervisor keys instances by `targetKey(target)`.
 */
export interface Sensor<T = unknown, C = unknown> {
  name: string;
  version: string;
  configSchema: z.ZodType<C>;
  /** host-level sensors (host, container) are created once per agent and detect(null) */
  scope: 'host' | 'process';
  detect(process: ProcessInfo | null, config: C): T | null;
  /** stable key of a target, so the same target is not loaded twice */
  targetKey(target: T): string;
  create(target: T, ctx: SensorContext<C>): SensorInstance | Promise<SensorInstance>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySensor = Sensor<any, any>;
