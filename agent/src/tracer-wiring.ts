/**
 * Wires the tracer intake (agent/src/tracer-intake/, an OTLP/HTTP listener on `port`, default 42699) into the
 * agent: tracer payloads are enriched with the process/container identity from discovery and forwarded
 * through the exporter's spool; each traced runtime becomes a `nodejs` entity. A port that cannot be bound is
 * logged and the agent runs on without the intake.
 */
import type { Logger } from 'pino';
import { processEntityId, type ProcessInfo } from '@argus/sensor-kit';
import type { AgentConfig } from './config/schema.js';
import type { EntityTracker } from './export/entities.js';
import type { Exporter } from './export/index.js';
import type { HostIdentity } from './identity.js';
import { AGENT_VERSION } from './self-monitor.js';
import { createTracerIntake } from './tracer-intake/index.js';

export interface IntakeHandle {
  /** re-publishes the runtimes that sent data recently (called every tick) */
  refresh(): void;
  stop(): Promise<void>;
}

export async function startTracerIntake(deps: {
  config: AgentConfig;
  identity: HostIdentity;
  exporter: Exporter;
  entities: EntityTracker;
  log: Logger;
  process(pid: number): ProcessInfo | undefined;
}): Promise<IntakeHandle | undefined> {
  const { identity, log } = deps;
  const intake = createTracerIntake({
    host: deps.config.listenHost,
    port: deps.config.port,
    version: AGENT_VERSION,
    identity: {
      hostId: identity.hostId,
      hostName: identity.hostName,
      hostEntityId: identity.hostEntityId,
      zone: identity.ec2?.availabilityZone ?? deps.config.zone,
    },
    resolveProcess(pid) {
      const p = deps.process(pid);
      if (!p) return undefined;
      return { entityId: processEntityId(identity.hostId, p), containerId: p.containerId, podUid: p.podUid, pid: p.pid };
    },
    forward: (kind, body) =>
      new Promise<void>((resolve) => {
        deps.exporter.forward(kind, body); // throws when the spool is full: the intake sees a rejection
        resolve();
      }),
    onRuntime: (snapshot) => deps.entities.put('tracer-intake', [snapshot]),
    log: log.child({ area: 'tracer-intake' }),
  });
  try {
    const { port } = await intake.start();
    log.info({ host: deps.config.listenHost, port }, 'tracer intake listening');
  } catch (err) {
    log.error(
      { err: { code: (err as { code?: string }).code, message: (err as Error).message } },
      'tracer intake could not listen; tracers cannot report through this agent',
    );
    return undefined;
  }
  return {
    refresh: () => {
      const live = intake.liveRuntimes();
      if (live.length) deps.entities.put('tracer-intake', live);
    },
    stop: () => intake.stop(),
  };
}
