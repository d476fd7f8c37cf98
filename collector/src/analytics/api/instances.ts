import type { ServiceInstance } from '@argus/api';
import type { Storage } from '../../storage/storage.js';

export type { ServiceInstance };

interface Row {
  service: string;
  service_instance: string;
  host_name: string;
  host_id: string;
  container_id: string;
  k8s_pod_uid: string;
  process_pid: number;
  entity_id: string;
  fs: string;
  ls: string;
  n: number;
}

export interface InstanceFilter {
  service?: string;
  host?: string;
  container?: string;
  entity?: string;
}

/**
 * Where services run: instances with the host, container and process (runtime entity) they were seen on in
 * [from, to). Entity ids follow the agent's formats (host:<host.id>, container:<id>, argus.entity.id).
 */
export async function listInstances(
  storage: Storage,
  tenant: string,
  from: number,
  to: number,
  f: InstanceFilter,
): Promise<ServiceInstance[]> {
  const where = ['tenant = {tenant:String}'];
  if (f.service !== undefined) where.push('service = {service:String}');
  if (f.host !== undefined)
    where.push("(host_name = {host:String} OR host_id = {host:String} OR concat('host:', host_id) = {host:String})");
  if (f.container !== undefined)
    where.push("(container_id = {container:String} OR concat('container:', container_id) = {container:String})");
  if (f.entity !== undefined) where.push('entity_id = {entity:String}');
  const rows = await storage.query<Row>(
    `SELECT service, service_instance, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id,
       toString(min(first_seen)) AS fs, toString(max(last_seen)) AS ls, sum(spans) AS n
     FROM service_instances WHERE ${where.join(' AND ')}
     GROUP BY service, service_instance, host_name, host_id, container_id, k8s_pod_uid, process_pid, entity_id
     HAVING max(last_seen) >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND min(first_seen) < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
     ORDER BY service, host_name, process_pid LIMIT 1000`,
    { tenant, from, to, ...f },
  );
  return rows.map((r) => ({
    service: r.service,
    instance: r.service_instance,
    host: { name: r.host_name, id: r.host_id, entityId: r.host_id ? `host:${r.host_id}` : '' },
    container: { id: r.container_id, entityId: r.container_id ? `container:${r.container_id}` : '', k8sPodUid: r.k8s_pod_uid },
    process: { pid: Number(r.process_pid), entityId: r.entity_id },
    firstSeen: `${r.fs.replace(' ', 'T')}Z`,
    lastSeen: `${r.ls.replace(' ', 'T')}Z`,
    spans: Number(r.n),
  }));
}
