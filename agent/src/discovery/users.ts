/** uid -> user name from <hostRoot>/etc/passwd, re-read only when the file changes. */
import { statSync } from 'node:fs';
import { readText } from '@argus/sensor-kit';

export interface UserNames {
  name(uid: number): string;
}

export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && f[0] && /^\d+$/.test(f[2])) out.set(Number(f[2]), f[0]);
  }
  return out;
}

export function createUserNames(hostRoot: string): UserNames {
  const path = `${hostRoot.replace(/\/+$/, '')}/etc/passwd`;
  let stamp = -1;
  let names = new Map<number, string>();
  let checkedAt = 0;
  const refresh = () => {
    const now = Date.now();
    if (now - checkedAt < 10_000) return;
    checkedAt = now;
    let m = -2;
    try {
      m = statSync(path).mtimeMs;
    } catch {
      /* no passwd file: numeric names */
    }
    if (m === stamp) return;
    stamp = m;
    names = parsePasswd(readText(path) ?? '');
  };
  return {
    name(uid) {
      refresh();
      return names.get(uid) ?? String(uid);
    },
  };
}
