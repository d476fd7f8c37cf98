import type { Storage } from '../../storage/storage.js';

export interface ServiceVersion {
  service: string;
  version: string;
  firstSeen: number;
  lastSeen: number;
}

/** Every (service, service.version) seen since `since`, with first and last time seen (alert_service_versions). */
export async function serviceVersions(storage: Storage, tenant: string, since: number): Promise<ServiceVersion[]> {
  const rows = await storage.query<{ service: string; service_version: string; fs: string; ls: string }>(
    `SELECT service, service_version, toString(toUnixTimestamp64Milli(min(first_seen))) AS fs, toString(toUnixTimestamp64Milli(max(last_seen))) AS ls
     FROM alert_service_versions WHERE tenant = {tenant:String} GROUP BY service, service_version
     HAVING max(last_seen) >= fromUnixTimestamp64Milli({since:Int64})`,
    { tenant, since },
  );
  return rows.map((r) => ({ service: r.service, version: r.service_version, firstSeen: Number(r.fs), lastSeen: Number(r.ls) }));
}
