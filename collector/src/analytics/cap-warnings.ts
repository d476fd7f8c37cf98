import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import { tsvString } from '../storage/tsv.js';

/**
 * Writes one `endpoint_cap` warning event (and a log line) per service whose endpoint registry reached the
 * cap: further new endpoints of that service are counted under `other`.
 */
export async function checkEndpointCaps(storage: Storage, cap: number, log: Logger): Promise<number> {
  const full = await storage.query<{ tenant: string; service: string; n: number }>(
    `SELECT tenant, service, uniqExact(endpoint) AS n FROM endpoint_registry GROUP BY tenant, service HAVING n >= {cap:UInt32}
     AND (tenant, service) NOT IN (SELECT tenant, service FROM analytics_events WHERE type = 'endpoint_cap')`,
    { cap },
  );
  if (full.length === 0) return 0;
  let body = '';
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  for (const f of full) {
    const message = `service ${f.service} reached ${Number(f.n)} endpoints (cap ${cap}); new endpoints are counted as 'other'`;
    log.warn({ tenant: f.tenant, service: f.service, endpoints: Number(f.n), cap }, 'endpoint cardinality cap reached');
    body += `${tsvString(f.tenant)}\t${now}\tendpoint_cap\twarning\t${tsvString(f.service)}\t${tsvString(message)}\n`;
  }
  await storage.insertTsv('analytics_events', ['tenant', 'time', 'type', 'severity', 'service', 'message'], body);
  return full.length;
}
