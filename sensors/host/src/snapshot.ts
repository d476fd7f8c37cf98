import { readTextUnder, type Attributes, type EntitySnapshot } from '@argus/sensor-kit';

/** Facts that do not change while the host is up, read once when the sensor starts. */
export interface HostFacts {
  kernel: string;
  osName: string;
  osVersion: string;
  hostname: string;
  cpuModel: string;
  cpuCount: number;
}

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

export function parseCpuinfo(text: string): { model: string; count: number } {
  let model = '';
  let count = 0;
  for (const line of text.split('\n')) {
    if (/^processor\s*:/.test(line)) count++;
    const m = /^model name\s*:\s*(.*)$/.exec(line);
    if (m && !model) model = m[1].trim();
  }
  return { model, count };
}

export function readHostFacts(procRoot: string, rootFs: string): HostFacts {
  const kernel = readTextUnder(procRoot, 'sys/kernel/osrelease');
  const hostname = readTextUnder(procRoot, 'sys/kernel/hostname');
  const osRel = readTextUnder(rootFs || '/', 'etc/os-release');
  const cpuinfo = readTextUnder(procRoot, 'cpuinfo');
  const os = parseOsRelease(osRel ?? '');
  const cpu = parseCpuinfo(cpuinfo ?? '');
  return {
    kernel: (kernel ?? '').trim(),
    hostname: (hostname ?? '').trim(),
    osName: os.PRETTY_NAME ?? os.NAME ?? 'Linux',
    osVersion: os.VERSION_ID ?? '',
    cpuModel: cpu.model,
    cpuCount: cpu.count,
  };
}

/** The host entity: identity attributes from the agent's resource plus what the host is. */
export function hostSnapshot(id: string, resource: Attributes, facts: HostFacts, memoryTotal: number, cpuCount: number): EntitySnapshot {
  const name = String(resource['host.name'] ?? facts.hostname ?? id);
  const attributes: Attributes = {};
  for (const [k, v] of Object.entries(resource)) if (k !== 'argus.entity.id' && k !== 'argus.entity.type') attributes[k] = v;
  Object.assign(attributes, {
    'os.type': 'linux',
    'os.description': facts.osName,
    'os.version': facts.osVersion,
    'host.kernel': facts.kernel,
    'host.cpu.model': facts.cpuModel,
    'host.cpu.count': cpuCount || facts.cpuCount,
    'host.memory.total': memoryTotal,
  });
  return { id, type: 'host', name, attributes };
}
