import { hostname } from 'node:os';
import type { TracerConfig } from './config.js';
import type { EncoderResource } from './otlp/span-encoder.js';
import { TRACER_VERSION } from './version.js';

/**
 * Resource of every span and metric point. The agent adds host.id, container.id, k8s.pod.uid and
 * argus.entity.id (it knows the machine and the cgroup); the tracer only says who it is.
 */
export function createResource(config: TracerConfig): EncoderResource {
  const attributes: Record<string, string | number> = {
    'service.name': config.serviceName,
    'process.pid': process.pid,
    'host.name': hostname(),
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
    'process.executable.name': 'node',
    'process.command': process.argv[1] ?? '',
    'telemetry.sdk.name': 'argus',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': TRACER_VERSION,
  };
  if (config.serviceVersion) attributes['service.version'] = config.serviceVersion;
  return { attributes };
}
