/**
 * Host identity: hostname, machine-id, EC2 instance facts via IMDSv2 (short timeout, silent when absent)
 * and the Kubernetes node name from the DaemonSet's env var.
 */
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { httpRequest } from './http-client.js';
import { hostEntityId, readText, type Attributes } from '@argus/sensor-kit';

export interface Ec2Identity {
  instanceId: string;
  instanceType: string;
  region: string;
  availabilityZone: string;
}

export interface HostIdentity {
  hostName: string;
  machineId: string;
  /** stable host key used in entity ids: machine-id, else EC2 instance id, else a hash of the host name */
  hostId: string;
  hostEntityId: string;
  ec2?: Ec2Identity;
  k8sNodeName?: string;
}

export interface IdentityOptions {
  /** root holding etc/machine-id ('/' on a host, '/host' in a container) */
  hostRoot: string;
  env: NodeJS.ProcessEnv;
  imds: { enabled: boolean; baseUrl: string; timeoutMs: number };
  log: Logger;
}

export function readMachineId(hostRoot: string): string {
  const root = hostRoot.replace(/\/+$/, '');
  for (const p of [`${root}/etc/machine-id`, `${root}/var/lib/dbus/machine-id`]) {
    const id = readText(p)?.trim();
    if (id && /^[0-9a-f]{16,}$/i.test(id)) return id.toLowerCase();
  }
  return '';
}

/** IMDSv2: PUT a session token, then GET metadata with it. Resolves undefined when IMDS is unreachable. */
export async function readEc2Identity(baseUrl: string, timeoutMs: number): Promise<Ec2Identity | undefined> {
  const base = baseUrl.replace(/\/+$/, '');
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const tokenRes = await httpRequest({
      method: 'PUT',
      url: `${base}/latest/api/token`,
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '300' },
      timeoutMs,
      signal,
    });
    if (tokenRes.status !== 200) return undefined;
    const token = tokenRes.body.toString('utf8').trim();
    const get = async (path: string) => {
      const r = await httpRequest({
        method: 'GET',
        url: `${base}/latest/meta-data/${path}`,
        headers: { 'X-aws-ec2-metadata-token': token },
        timeoutMs,
        signal,
      });
      if (r.status !== 200) throw new Error(`IMDS ${path}: ${r.status}`);
      return r.body.toString('utf8').trim();
    };
    const [instanceId, instanceType, availabilityZone, region] = await Promise.all([
      get('instance-id'),
      get('instance-type'),
      get('placement/availability-zone'),
      get('placement/region'),
    ]);
    return { instanceId, instanceType, availabilityZone, region };
  } catch {
    return undefined;
  }
}

export async function detectIdentity(opts: IdentityOptions): Promise<HostIdentity> {
  const hostName = opts.env.ARGUS_HOSTNAME || hostname();
  const machineId = readMachineId(opts.hostRoot);
  const ec2 = opts.imds.enabled ? await readEc2Identity(opts.imds.baseUrl, opts.imds.timeoutMs) : undefined;
  const k8sNodeName = opts.env.ARGUS_K8S_NODE_NAME || opts.env.K8S_NODE_NAME || undefined;
  const hostId = machineId || ec2?.instanceId || createHash('sha1').update(hostName).digest('hex').slice(0, 32);
  opts.log.info({ hostName, hostId, ec2: ec2?.instanceId, k8sNodeName }, 'host identity');
  return { hostName, machineId, hostId, hostEntityId: hostEntityId(hostId), ec2, k8sNodeName };
}

/** Resource attributes every entity of this host carries. */
export function hostResource(id: HostIdentity): Attributes {
  const r: Attributes = { 'host.id': id.hostId, 'host.name': id.hostName };
  if (id.k8sNodeName) r['k8s.node.name'] = id.k8sNodeName;
  if (id.ec2) {
    r['cloud.provider'] = 'aws';
    r['cloud.region'] = id.ec2.region;
    r['cloud.availability_zone'] = id.ec2.availabilityZone;
    r['host.type'] = id.ec2.instanceType;
  }
  return r;
}
