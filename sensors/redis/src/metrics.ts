import type { CounterRates, MetricPoint } from '@argus/sensor-kit';
import { num, parseKv } from './info.js';

type Out = MetricPoint[];

const GAUGES: Array<[field: string, name: string, unit: string]> = [
  ['connected_clients', 'redis.clients.connected', '{client}'],
  ['blocked_clients', 'redis.clients.blocked', '{client}'],
  ['used_memory', 'redis.memory.used', 'By'],
  ['used_memory_rss', 'redis.memory.rss', 'By'],
  ['used_memory_peak', 'redis.memory.peak', 'By'],
  ['mem_fragmentation_ratio', 'redis.memory.fragmentation_ratio', '1'],
  ['maxmemory', 'redis.memory.max', 'By'],
  ['instantaneous_ops_per_sec', 'redis.ops_per_s', '{op}/s'],
  ['connected_slaves', 'redis.replication.replicas', '{replica}'],
  ['master_repl_offset', 'redis.replication.offset', 'By'],
  ['rdb_changes_since_last_save', 'redis.persistence.rdb.changes_since_last_save', '{change}'],
  ['rdb_bgsave_in_progress', 'redis.persistence.rdb.bgsave_in_progress', '1'],
  ['aof_enabled', 'redis.persistence.aof.enabled', '1'],
  ['aof_rewrite_in_progress', 'redis.persistence.aof.rewrite_in_progress', '1'],
  ['loading', 'redis.persistence.loading', '1'],
];

/**
 * Cumulative counters. The headline ones also get a `.rate` gauge; for the others the collector's metrics API
 * derives the per-second rate from the counter (fewer points per second for the agent to ship).
 */
const COUNTERS: Array<[field: string, name: string, unit: string, withRate: boolean]> = [
  ['total_commands_processed', 'redis.commands', '{command}', true],
  ['total_connections_received', 'redis.connections.received', '{connection}', false],
  ['rejected_connections', 'redis.connections.rejected', '{connection}', false],
  ['keyspace_hits', 'redis.keyspace.hits', '{hit}', true],
  ['keyspace_misses', 'redis.keyspace.misses', '{miss}', true],
  ['evicted_keys', 'redis.keys.evicted', '{key}', true],
  ['expired_keys', 'redis.keys.expired', '{key}', true],
  ['total_net_input_bytes', 'redis.net.input', 'By', false],
  ['total_net_output_bytes', 'redis.net.output', 'By', false],
  ['used_cpu_sys', 'redis.cpu.sys', 's', false],
  ['used_cpu_user', 'redis.cpu.user', 's', false],
];

function counter(out: Out, rates: CounterRates, name: string, unit: string, value: number, withRate: boolean) {
  out.push({ name, kind: 'counter', unit, value });
  if (!withRate) return;
  const r = rates.rate(name, value);
  if (r !== undefined) out.push({ name: `${name}.rate`, unit: `${unit}/s`, value: r });
}

function keyspace(info: Map<string, string>, out: Out) {
  for (const [field, value] of info) {
    if (!/^db\d+$/.test(field)) continue;
    const kv = parseKv(value);
    const attributes = { db: field.slice(2) };
    out.push({ name: 'redis.db.keys', unit: '{key}', value: Number(kv.keys ?? 0), attributes });
    out.push({ name: 'redis.db.expires', unit: '{key}', value: Number(kv.expires ?? 0), attributes });
  }
}

function hitRatio(info: Map<string, string>, out: Out, rates: CounterRates) {
  const hits = rates.delta('hit_ratio.hits', num(info, 'keyspace_hits') ?? 0);
  const misses = rates.delta('hit_ratio.misses', num(info, 'keyspace_misses') ?? 0);
  // ratio over the last interval; no point when nothing was looked up
  if (hits !== undefined && misses !== undefined && hits + misses > 0) {
    out.push({ name: 'redis.keyspace.hit_ratio', unit: '1', value: hits / (hits + misses) });
  }
}

function replication(info: Map<string, string>, out: Out) {
  const role = info.get('role');
  if (role === 'master') {
    const own = num(info, 'master_repl_offset') ?? 0;
    for (const [field, value] of info) {
      if (!/^slave\d+$/.test(field)) continue;
      const kv = parseKv(value);
      const attributes = { replica: `${kv.ip}:${kv.port}` };
      out.push({ name: 'redis.replication.replica_lag', unit: 'By', value: Math.max(0, own - Number(kv.offset ?? own)), attributes });
      out.push({ name: 'redis.replication.replica_lag_s', unit: 's', value: Number(kv.lag ?? 0), attributes });
    }
  } else if (role === 'slave') {
    out.push({ name: 'redis.replication.master_link_up', unit: '1', value: info.get('master_link_status') === 'up' ? 1 : 0 });
    const io = num(info, 'master_last_io_seconds_ago');
    if (io !== undefined && io >= 0) out.push({ name: 'redis.replication.master_last_io_s', unit: 's', value: io });
    const down = num(info, 'master_link_down_since_seconds');
    if (down !== undefined && down >= 0) out.push({ name: 'redis.replication.master_link_down_s', unit: 's', value: down });
  }
}

function persistence(info: Map<string, string>, out: Out, nowSec: number) {
  const lastSave = num(info, 'rdb_last_save_time');
  if (lastSave !== undefined) out.push({ name: 'redis.persistence.rdb.last_save_age_s', unit: 's', value: Math.max(0, nowSec - lastSave) });
  const bgsave = info.get('rdb_last_bgsave_status');
  if (bgsave) out.push({ name: 'redis.persistence.rdb.last_bgsave_ok', unit: '1', value: bgsave === 'ok' ? 1 : 0 });
  if (info.get('aof_enabled') === '1') {
    out.push({ name: 'redis.persistence.aof.last_write_ok', unit: '1', value: info.get('aof_last_write_status') === 'ok' ? 1 : 0 });
  }
}

/** Every-second metrics from one `INFO all` reply. */
export function infoMetrics(info: Map<string, string>, rates: CounterRates, nowMs = Date.now()): MetricPoint[] {
  const out: Out = [];
  for (const [field, name, unit] of GAUGES) {
    const v = num(info, field);
    if (v !== undefined) out.push({ name, unit, value: v });
  }
  for (const [field, name, unit, withRate] of COUNTERS) {
    const v = num(info, field);
    if (v !== undefined) counter(out, rates, name, unit, v, withRate);
  }
  const used = num(info, 'used_memory');
  const max = num(info, 'maxmemory');
  // health fact: memory near maxmemory (only when a limit is set)
  if (used !== undefined && max) out.push({ name: 'redis.memory.usage_ratio', unit: '1', value: used / max });
  const role = info.get('role');
  if (role) out.push({ name: 'redis.replication.is_master', unit: '1', value: role === 'master' ? 1 : 0 });
  hitRatio(info, out, rates);
  keyspace(info, out);
  replication(info, out);
  persistence(info, out, Math.floor(nowMs / 1000));
  return out;
}
