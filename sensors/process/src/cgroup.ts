import { matchContainer } from '@argus/sensor-container';

/**
 * Container id and pod uid from /proc/<pid>/cgroup (`0::/path` on v2, `N:controllers:/path` on v1), using
 * the same directory-name rules as the container sensor so the process's parent entity is that container.
 */
export function parseCgroupLines(text: string): { containerId?: string; podUid?: string } {
  for (const line of text.split('\n')) {
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    const segs = path.split('/').filter(Boolean);
    for (let i = segs.length - 1; i >= 0; i--) {
      const m = matchContainer(segs[i], segs.slice(0, i));
      if (m) return m.podUid ? { containerId: m.id, podUid: m.podUid } : { containerId: m.id };
    }
  }
  return {};
}
