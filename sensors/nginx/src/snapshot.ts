import type { Attributes, EntitySnapshot } from '@argus/sensor-kit';

export interface NginxFacts {
  version: string;
  configPath?: string;
  configFiles: number;
  workers: number;
  ports: number[];
  statusUrl?: string;
  statusSource?: string;
}

export function nginxSnapshot(id: string, parentId: string, pid: number, port: number, f: NginxFacts): EntitySnapshot {
  const a: Attributes = {
    pid,
    port,
    listening_ports: f.ports.join(','),
    workers: f.workers,
    config_files: f.configFiles,
    stub_status: f.statusUrl !== undefined,
  };
  if (f.version) a.version = f.version;
  if (f.configPath) a.config_path = f.configPath;
  if (f.statusUrl) a.stub_status_url = f.statusUrl;
  if (f.statusSource) a.stub_status_source = f.statusSource;
  return { id, type: 'nginx', name: `nginx :${port}`, parentId, attributes: a };
}
