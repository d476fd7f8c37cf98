import { readFileSync } from 'node:fs';
import { Reader, type CountryResponse } from 'mmdb-lib';
import { ArgusError } from '../../errors.js';

export type CountryLookup = (ip: string) => string;

/**
 * Country (ISO 3166 alpha-2) of a client IP from a local MaxMind DB file (GeoLite2-Country, GeoIP2, DB-IP Lite:
 * all the same .mmdb format, read with mmdb-lib). Without a file every lookup is ''. Looked up on the full IP,
 * which is anonymized right after.
 */
export function createCountryLookup(path: string | undefined): CountryLookup {
  if (!path) return () => '';
  let reader: Reader<CountryResponse>;
  try {
    reader = new Reader<CountryResponse>(readFileSync(path));
  } catch (e) {
    throw new ArgusError('GEOIP_DB_INVALID', `cannot read the GeoIP database ${path} (ARGUS_EUM_GEOIP_DB): ${(e as Error).message}`, 500);
  }
  return (ip) => {
    try {
      const r = reader.get(ip);
      return r?.country?.iso_code ?? r?.registered_country?.iso_code ?? '';
    } catch {
      return '';
    }
  };
}
