import type { Storage } from '../../storage/storage.js';

/**
 * The endpoint cardinality cap (ARGUS_ANALYTICS_MAX_ENDPOINTS per service), applied by the collector to entry spans
 * before their KPIs are aggregated: endpoints are admitted first come, first served while the service is under the
 * cap, later new ones count as `other`. The admitted set is `endpoint_registry` (loaded once at start, extended
 * here). Collectors sharing one ClickHouse each admit from their own view of it, so a service can end up with a
 * few endpoints over the cap (at most what one collector admits between starts).
 */
export interface EndpointRegistry {
  /** the endpoint name to count an entry span under (its own name, or 'other' past the cap) */
  cap(tenant: string, service: string, endpoint: string): string;
  /** admissions since the last call: rows for endpoint_registry (tenant, service, endpoint, first_seen) */
  takeAdmitted(): Array<[string, string, string, number]>;
  load(storage: Storage): Promise<void>;
}

export const OTHER_ENDPOINT = 'other';

export function createEndpointRegistry(maxPerService: number): EndpointRegistry {
  const known = new Map<string, Set<string>>();
  let admitted: Array<[string, string, string, number]> = [];
  const set = (tenant: string, service: string) => {
    const k = `${tenant}\u0001${service}`;
    let s = known.get(k);
    if (s === undefined) known.set(k, (s = new Set()));
    return s;
  };
  return {
    cap(tenant, service, endpoint) {
      const s = set(tenant, service);
      if (s.has(endpoint)) return endpoint;
      if (s.size >= maxPerService) return OTHER_ENDPOINT;
      s.add(endpoint);
      admitted.push([tenant, service, endpoint, Math.floor(Date.now() / 1000)]);
      return endpoint;
    },
    takeAdmitted() {
      const out = admitted;
      admitted = [];
      return out;
    },
    async load(storage) {
      const rows = await storage.query<{ tenant: string; service: string; endpoint: string }>(
        'SELECT tenant, service, endpoint FROM endpoint_registry GROUP BY tenant, service, endpoint',
      );
      for (const r of rows) set(r.tenant, r.service).add(r.endpoint);
    },
  };
}
