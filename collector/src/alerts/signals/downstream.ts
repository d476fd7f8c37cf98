import { inferredCallee } from '../../analytics/resolver/inferred.js';
import type { Storage } from '../../storage/storage.js';

export interface DownstreamCalls {
  caller: string;
  /** the inferred service name the dependency map uses for this target (database, queue or external host) */
  target: string;
  targetType: 'database' | 'messaging' | 'external';
  serverAddress: string;
  serverPort: number;
  dbSystem: string;
  calls: number;
  errors: number;
  meanMs: number;
}

interface Row {
  service: string;
  db_system: string;
  db_namespace: string;
  server_address: string;
  server_port: number;
  messaging_system: string;
  messaging_destination: string;
  peer_service: string;
  calls: string;
  errors: string;
  duration_sum: string;
}

/**
 * Client-side view of calls to uninstrumented targets over [from, to), from alert_downstream_1s (filled at insert
 * time, so a stopped database shows within seconds, not after the call resolver's grace period). Calls answered by
 * an instrumented service are left to the edge KPIs.
 */
export async function downstreamCalls(storage: Storage, tenant: string, from: number, to: number): Promise<DownstreamCalls[]> {
  const rows = await storage.query<Row>(
    `SELECT service, db_system, db_namespace, server_address, server_port, messaging_system, messaging_destination, peer_service,
       sum(calls) AS calls, sum(errors) AS errors, sum(duration_sum) AS duration_sum
     FROM alert_downstream_1s
     WHERE tenant = {tenant:String} AND ts >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND ts < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
       AND (db_system != '' OR messaging_system != '')
     GROUP BY service, db_system, db_namespace, server_address, server_port, messaging_system, messaging_destination, peer_service`,
    { tenant, from, to },
  );
  const byKey = new Map<string, DownstreamCalls>();
  for (const r of rows) {
    const callee = inferredCallee({
      dbSystem: r.db_system,
      dbNamespace: r.db_namespace,
      serverAddress: r.server_address,
      messagingSystem: r.messaging_system,
      messagingDestination: r.messaging_destination,
      peerService: r.peer_service,
    } as Parameters<typeof inferredCallee>[0]);
    // a failed connect has no namespace: file it under the target with the same system and address
    const key = `${r.service}\0${r.db_system}\0${r.server_address}\0${r.server_port}\0${r.messaging_system}`;
    const calls = Number(r.calls);
    const prior = byKey.get(key);
    const durationMs = Number(r.duration_sum) / 1e6;
    if (prior) {
      const total = prior.calls + calls;
      prior.meanMs = total ? (prior.meanMs * prior.calls + durationMs) / total : 0;
      prior.calls = total;
      prior.errors += Number(r.errors);
      if (r.db_namespace && !prior.target.includes(':')) prior.target = callee.name;
      continue;
    }
    byKey.set(key, {
      caller: r.service,
      target: callee.name,
      targetType: callee.type as DownstreamCalls['targetType'],
      serverAddress: r.server_address,
      serverPort: Number(r.server_port),
      dbSystem: r.db_system,
      calls,
      errors: Number(r.errors),
      meanMs: calls ? durationMs / calls : 0,
    });
  }
  return [...byKey.values()];
}
