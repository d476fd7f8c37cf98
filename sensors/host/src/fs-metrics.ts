import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricPoint } from '@argus/sensor-kit';
import type { MountEntry } from './parse-mounts.js';

/**
 * statfs every selected filesystem in parallel. A filesystem that fails (unmounted meanwhile, permission) is
 * skipped for this sample. The supervisor's timeout bounds the whole collect; network filesystems are
 * excluded by default because a dead server can block statfs for minutes.
 */
export async function filesystemMetrics(rootFs: string, mounts: MountEntry[], out: MetricPoint[]): Promise<void> {
  const results = await Promise.all(
    mounts.map(async (m) => {
      try {
        return { m, s: await statfs(rootFs ? join(rootFs, m.mountpoint) : m.mountpoint) };
      } catch {
        return undefined;
      }
    }),
  );
  for (const r of results) {
    if (!r || r.s.blocks === 0) continue;
    const { m, s } = r;
    const attrs = { device: m.device, mountpoint: m.mountpoint, type: m.type, mode: m.options.includes('ro') ? 'ro' : 'rw' };
    const total = s.blocks * s.bsize;
    const free = s.bavail * s.bsize;
    const reserved = (s.bfree - s.bavail) * s.bsize;
    const used = total - s.bfree * s.bsize;
    const usage = (state: string, value: number) =>
      out.push({ name: 'system.filesystem.usage', unit: 'By', value, attributes: { ...attrs, state } });
    usage('used', used);
    usage('free', free);
    usage('reserved', reserved);
    out.push({ name: 'system.filesystem.limit', unit: 'By', value: total, attributes: attrs });
    // like df: used / (used + available to unprivileged users)
    if (used + free > 0) out.push({ name: 'system.filesystem.utilization', unit: '1', value: used / (used + free), attributes: attrs });
    if (s.files > 0) {
      out.push({
        name: 'system.filesystem.inodes.usage',
        unit: '{inode}',
        value: s.files - s.ffree,
        attributes: { ...attrs, state: 'used' },
      });
      out.push({ name: 'system.filesystem.inodes.usage', unit: '{inode}', value: s.ffree, attributes: { ...attrs, state: 'free' } });
    }
  }
}
