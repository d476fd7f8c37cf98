import { createRowWriter, str, takeRows, u32 } from '../../storage/row-binary.js';
import type { ResolverStorage } from './store.js';
import type { CallRow } from './types.js';

export interface InferredCap {
  /**
   * Applies the endpoint cap to inferred services (a database, queue or external host has no entry spans, so the
   * ingest pipeline's cap never sees their endpoints): endpoints are admitted into `endpoint_registry` while the
   * service is under the cap, later new ones become `other`. Admission is permanent, so recomputing a trace gives
   * the same rows (the resolver's diff stays exact).
   */
  apply(rows: CallRow[], token: string): Promise<void>;
}

export function createInferredCap(storage: ResolverStorage, cap: number): InferredCap {
  /** admitted endpoints per tenant + inferred service, read from the registry the first time a service is seen */
  const known = new Map<string, Set<string>>();
  const key = (tenant: string, service: string) => `${tenant}\u0001${service}`;
  return {
    async apply(rows, token) {
      const inferred = rows.filter((r) => r.calleeType !== 'service');
      const missing = [
        ...new Map(
          inferred.filter((r) => !known.has(key(r.tenant, r.calleeService))).map((r) => [key(r.tenant, r.calleeService), r]),
        ).values(),
      ];
      if (missing.length > 0) {
        const stored = await storage.query<{ tenant: string; service: string; endpoint: string }>(
          `SELECT tenant, service, endpoint FROM endpoint_registry
           WHERE (tenant, service) IN (SELECT p.1, p.2 FROM (SELECT arrayJoin(arrayZip({t:Array(String)}, {s:Array(String)})) AS p))
           GROUP BY tenant, service, endpoint`,
          { t: missing.map((r) => r.tenant), s: missing.map((r) => r.calleeService) },
        );
        for (const r of missing) known.set(key(r.tenant, r.calleeService), new Set());
        for (const s of stored) known.get(key(s.tenant, s.service))?.add(s.endpoint);
      }
      const w = createRowWriter(1024);
      let admitted = 0;
      const now = Math.floor(Date.now() / 1000);
      for (const r of inferred) {
        const set = known.get(key(r.tenant, r.calleeService))!;
        if (set.has(r.calleeEndpoint)) continue;
        if (set.size < cap) {
          set.add(r.calleeEndpoint);
          str(w, r.tenant);
          str(w, r.calleeService);
          str(w, r.calleeEndpoint);
          u32(w, now);
          admitted++;
        } else r.calleeEndpoint = 'other';
      }
      if (admitted > 0) {
        const columns = ['tenant', 'service', 'endpoint'].map((name) => ({ name, type: 'String' }));
        await storage.insertRowBinary('endpoint_registry', [...columns, { name: 'first_seen', type: "DateTime('UTC')" }], [takeRows(w)], {
          token,
        });
      }
    },
  };
}
