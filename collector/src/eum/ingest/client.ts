import { isIPv4, isIPv6 } from 'node:net';
import { UAParser } from 'ua-parser-js';

/** Who sent a beacon, derived from request headers; the IP is anonymized before it leaves this file. */
export interface ClientInfo {
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  device: string;
  ip: string;
  country: string;
}

export type UaInfo = Pick<ClientInfo, 'browser' | 'browserVersion' | 'os' | 'osVersion' | 'device'>;

/** ua-parser-js with a small bounded cache (visitors share a handful of user agents). */
export const createUaParser = (max = 2000) => {
  const cache = new Map<string, UaInfo>();
  return (ua: string): UaInfo => {
    const hit = cache.get(ua);
    if (hit) return hit;
    const r = UAParser(ua.slice(0, 1024));
    const info: UaInfo = {
      browser: r.browser.name ?? 'unknown',
      browserVersion: r.browser.major ?? '',
      os: r.os.name ?? 'unknown',
      osVersion: r.os.version ?? '',
      device: r.device.type ?? (r.os.name ? 'desktop' : 'unknown'),
    };
    if (cache.size >= max) cache.delete(cache.keys().next().value!);
    cache.set(ua, info);
    return info;
  };
};

/** Last IPv4 octet zeroed; IPv6 keeps its first 48 bits (the last 80 bits zeroed). IPv4-mapped IPv6 -> IPv4. */
export const anonymizeIp = (raw: string): string => {
  const ip = raw.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv4(ip)) return ip.replace(/\.\d+$/, '.0');
  if (!isIPv6(ip)) return '';
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.length && t[t.length - 1].includes('.')) t.splice(t.length - 1, 1, '0', '0');
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return (
    groups
      .slice(0, 3)
      .map((g) => parseInt(g || '0', 16).toString(16))
      .join(':') + '::'
  );
};
