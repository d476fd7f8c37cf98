import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { matchContainer, type ContainerMatch } from '@argus/sensor-kit';

export interface ContainerCgroup extends ContainerMatch {
  /** path relative to the cgroup root(s), e.g. kubepods.slice/.../cri-containerd-<id>.scope */
  path: string;
}

/**
 * Breadth-first walk of the cgroup tree. A container's own sub-cgroups are not entered (they belong to it),
 * nor are non-directories; the walk stops at maxDepth. A container id seen twice (a nested runtime) keeps
 * the outermost cgroup, which accounts for everything inside.
 */
export async function discoverContainers(root: string, maxDepth: number, signal?: AbortSignal): Promise<ContainerCgroup[]> {
  const found = new Map<string, ContainerCgroup>();
  let level: string[][] = [[]];
  for (let depth = 0; depth < maxDepth && level.length; depth++) {
    signal?.throwIfAborted();
    const next: string[][] = [];
    await Promise.all(
      level.map(async (segs) => {
        let entries;
        try {
          entries = await readdir(join(root, ...segs), { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          if (!e.isDirectory()) continue;
          const m = matchContainer(e.name, segs);
          if (m) {
            if (!found.has(m.id)) found.set(m.id, { ...m, path: [...segs, e.name].join('/') });
          } else next.push([...segs, e.name]);
        }
      }),
    );
    level = next;
  }
  return [...found.values()];
}
