import type { Attributes, EntitySnapshot } from '@argus/sensor-kit';
import { num } from './info.js';

const FIELDS: Array<[field: string, attr: string]> = [
  ['redis_version', 'version'],
  ['redis_mode', 'mode'],
  ['role', 'role'],
  ['maxmemory_policy', 'maxmemory_policy'],
  ['os', 'os'],
  ['executable', 'executable'],
  ['config_file', 'config_file'],
  ['run_id', 'run_id'],
  ['multiplexing_api', 'multiplexing_api'],
];

/** Facts that change rarely: version, mode, role, maxmemory and policy, persistence switches. */
export function infoFacts(info: Map<string, string>): Attributes {
  const out: Attributes = {};
  for (const [field, attr] of FIELDS) {
    const v = info.get(field);
    if (v !== undefined && v !== '') out[attr] = v;
  }
  out.maxmemory = num(info, 'maxmemory') ?? 0;
  out.total_system_memory = num(info, 'total_system_memory') ?? 0;
  out.aof_enabled = info.get('aof_enabled') === '1';
  out.cluster_enabled = info.get('cluster_enabled') === '1';
  out.databases_with_keys = [...info.keys()].filter((k) => /^db\d+$/.test(k)).join(',');
  if (info.get('role') === 'slave') out.master = `${info.get('master_host') ?? ''}:${info.get('master_port') ?? ''}`;
  return out;
}

export function redisSnapshot(
  id: string,
  parentId: string,
  port: number,
  pid: number,
  state: 'ok' | 'auth_failed' | 'unreachable',
  facts: Attributes,
): EntitySnapshot {
  return {
    id,
    type: 'redis',
    name: `redis :${port}`,
    parentId,
    attributes: { port, pid, state, ...facts },
  };
}
