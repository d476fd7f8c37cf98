/**
 * Entity id formats shared by the agent, sensors and the collector (see PREAMBLE "Resource attributes").
 * Metric points may carry any of RESOURCE_ATTRIBUTE_KEYS in their attributes: the agent's exporter lifts them
 * into the OTLP resource, so one sensor instance (e.g. the process sensor) can report several entities.
 */
import type { ProcessInfo } from './types.js';

export const RESOURCE_ATTRIBUTE_KEYS = ['argus.entity.id', 'argus.entity.type', 'process.pid', 'container.id', 'k8s.pod.uid'] as const;

export const hostEntityId = (hostId: string) => `host:${hostId}`;
export const agentEntityId = (hostId: string) => `agent:${hostId}`;
export const containerEntityId = (containerId: string) => `container:${containerId}`;
export const processEntityId = (hostId: string, p: Pick<ProcessInfo, 'pid' | 'startTime'>) => `process:${hostId}:${p.pid}:${p.startTime}`;
export const technologyEntityId = (technology: string, hostId: string, portOrPid: number | string) =>
  `${technology}:${hostId}:${portOrPid}`;

/** `host:<id>` -> `<id>` (sensors get the host entity id in their context). */
export const hostIdOf = (hostEntityIdValue: string) => hostEntityIdValue.replace(/^host:/, '');
