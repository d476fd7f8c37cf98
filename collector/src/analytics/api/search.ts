import type { SearchResponse } from '@argus/api';
import type { Storage } from '../../storage/storage.js';

/**
 * Names containing `q` (case-insensitive): services (instrumented and inferred), endpoints from the endpoint
 * registry, hosts from the infrastructure entities; `limit` of each. An empty text finds nothing.
 */
export async function searchNames(storage: Storage, tenant: string, q: string, limit: number): Promise<SearchResponse> {
  if (!q) return { services: [], endpoints: [], hosts: [] };
  const params = { tenant, q, limit };
  const [services, endpoints, hosts] = await Promise.all([
    storage.query<{ name: string; type: string }>(
      `SELECT name, any(type) AS type FROM (
         SELECT service AS name, 'service' AS type FROM service_instances WHERE tenant = {tenant:String} AND positionCaseInsensitiveUTF8(service, {q:String}) > 0
         UNION ALL SELECT service AS name, 'service' AS type FROM endpoint_registry WHERE tenant = {tenant:String} AND positionCaseInsensitiveUTF8(service, {q:String}) > 0
       ) GROUP BY name ORDER BY length(name), name LIMIT {limit:UInt32}`,
      params,
    ),
    storage.query<{ service: string; endpoint: string }>(
      `SELECT service, endpoint FROM endpoint_registry WHERE tenant = {tenant:String} AND positionCaseInsensitiveUTF8(endpoint, {q:String}) > 0
       GROUP BY service, endpoint ORDER BY length(endpoint), endpoint LIMIT {limit:UInt32}`,
      params,
    ),
    storage.query<{ id: string; name: string }>(
      `SELECT entity_id AS id, argMax(name, version) AS name FROM entities WHERE tenant = {tenant:String} AND type = 'host' GROUP BY entity_id
       HAVING positionCaseInsensitiveUTF8(name, {q:String}) > 0 OR positionCaseInsensitiveUTF8(id, {q:String}) > 0 ORDER BY name LIMIT {limit:UInt32}`,
      params,
    ),
  ]);
  return { services, endpoints, hosts };
}
