import type { EntitySnapshot } from '@argus/sensor-kit';
import type { Logger } from 'pino';
import type { CoalesceOptions } from './coalesce.js';

export type SignalKind = 'traces' | 'metrics';

/** What the agent knows about the host it runs on. */
export interface IntakeIdentity {
  hostId: string;
  hostName: string;
  hostEntityId: string;
  /** cloud availability zone, when known */
  zone?: string;
}

/** The agent's view of a traced process (from its /proc scan). */
export interface ResolvedProcess {
  /** `process:<host-id>:<pid>:<start-ms>` */
  entityId: string;
  containerId?: string;
  podUid?: string;
  /** host pid, when the tracer's `process.pid` is a container-namespace pid */
  pid?: number;
}

/** Extra facts about the sending connection, for agents that can map a socket to a process. */
export interface ConnectionHints {
  remoteAddress?: string;
  remotePort?: number;
  /** `host.name` the tracer reported (a container's hostname inside containers) */
  hostName?: string;
}

export interface TracerIntakeOptions {
  host: string;
  /** 42699 by default; 0 picks a free port (tests) */
  port: number;
  version: string;
  identity: IntakeIdentity;
  resolveProcess(pid: number, hints: ConnectionHints): ResolvedProcess | undefined;
  /**
   * Sends enriched OTLP protobuf on (buffered, retrying). Reject with an error carrying `retryAfterSeconds` when
   * the buffer is full: the forward is tried again later and tracers are answered 503 meanwhile. `body` is lent:
   * the intake reuses its memory once the promise settled, so copy it (or compress it) before that.
   */
  forward(kind: SignalKind, body: Uint8Array): Promise<void>;
  /** a Node.js runtime appeared or changed: publish its `nodejs` entity snapshot */
  onRuntime?(snapshot: EntitySnapshot): void;
  log?: Logger;
  /** largest request body accepted, before and after gunzip (default 16 MiB) */
  maxBodyBytes?: number;
  /**
   * How tracer requests are joined before `forward`: up to `maxSpans` spans (8000) or `maxBytes` (8 MiB) per
   * forward, or what arrived within `maxDelayMs` (1000); beyond `maxPendingBytes` (64 MiB) held, requests get 503.
   */
  coalesce?: Partial<CoalesceOptions>;
  /** HTTP timeouts in ms over INTAKE_TIMEOUTS (index.ts): headers 10 s, whole request 60 s, idle keep-alive 15 s */
  httpTimeouts?: Partial<Record<'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout', number>>;
}

export interface TracerIntake {
  start(): Promise<{ port: number }>;
  /** forwards everything held now (stop() does too) */
  flush(): Promise<void>;
  stop(): Promise<void>;
  /** snapshots of runtimes that sent data in the last `withinMs` (default 60 s): list them as alive */
  liveRuntimes(withinMs?: number): EntitySnapshot[];
}
