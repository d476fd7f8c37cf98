import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { hostname } from 'node:os';
import type { TracerConfig } from './config.js';
import { TRACER_VERSION } from './version.js';

/**
 * Resource of every span and metric point. The agent adds host.id, container.id, k8s.pod.uid and
 * argus.entity.id (it knows the machine and the cgroup); the tracer only says who it is.
 */
export function createResource(config: TracerConfig): Resource {
  const attrs: Record<string, string | number> = {
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
  if (config.serviceVersion) attrs['service.version'] = config.serviceVersion;
  return resourceFromAttributes(attrs);
}
