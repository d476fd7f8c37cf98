/**
 * Failed-login backoff per account and per client IP. After `free` failures in a row, each further attempt
 * has to wait 1 s, 2 s, 4 s ... (at most 15 minutes) after the previous failure; a success clears the
 * account's count (not the IP's: a valid login must not reset an IP spraying other accounts). Unknown accounts
 * are counted exactly like known ones, so the limiter says nothing about which e-mails exist. State is per
 * collector and bounded (oldest entries go first); failures age out after an hour without one.
 */
export interface LoginLimiter {
  /** ms to wait before an attempt for this account from this IP is allowed (0 = go ahead) */
  wait(account: string, ip: string, now?: number): number;
  failed(account: string, ip: string, now?: number): void;
  succeeded(account: string): void;
}

interface Entry {
  failures: number;
  last: number;
}

const MAX_WAIT_MS = 15 * 60_000;
const FORGET_MS = 60 * 60_000;
const MAX_ENTRIES = 100_000;

export function createLoginLimiter(o: { freePerAccount: number; freePerIp: number }): LoginLimiter {
  const accounts = new Map<string, Entry>();
  const ips = new Map<string, Entry>();

  const waitFor = (map: Map<string, Entry>, key: string, free: number, now: number) => {
    const e = map.get(key);
    if (!e) return 0;
    if (now - e.last > FORGET_MS) {
      map.delete(key);
      return 0;
    }
    if (e.failures < free) return 0;
    const delay = Math.min(MAX_WAIT_MS, 1000 * 2 ** (e.failures - free));
    return Math.max(0, e.last + delay - now);
  };
  const bump = (map: Map<string, Entry>, key: string, now: number) => {
    const e = map.get(key);
    if (e && now - e.last <= FORGET_MS) {
      map.delete(key); // re-insert: Map order is the eviction order
      map.set(key, { failures: e.failures + 1, last: now });
    } else {
      map.delete(key);
      map.set(key, { failures: 1, last: now });
    }
    if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
  };

  return {
    wait: (account, ip, now = Date.now()) =>
      Math.max(waitFor(accounts, account, o.freePerAccount, now), waitFor(ips, ip, o.freePerIp, now)),
    failed(account, ip, now = Date.now()) {
      bump(accounts, account, now);
      bump(ips, ip, now);
    },
    succeeded(account) {
      accounts.delete(account);
    },
  };
}
