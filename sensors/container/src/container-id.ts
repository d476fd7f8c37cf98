/** Recognising container cgroups from directory names (cgroupfs and systemd drivers; docker, containerd, CRI-O, podman). */
export interface ContainerMatch {
  id: string;
  runtime: string;
  podUid?: string;
}

const ID = '([0-9a-f]{64})';
const SCOPE = new RegExp(`^(docker|cri-containerd|crio|libpod)-${ID}\\.scope$`);
const PLAIN = new RegExp(`^${ID}$`);
const RUNTIME: Record<string, string> = { docker: 'docker', 'cri-containerd': 'containerd', crio: 'cri-o', libpod: 'podman' };
// cgroupfs: pod0f1e...-..., systemd: kubepods-burstable-pod0f1e..._..._....slice
const POD = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

/**
 * `segment` is the directory name, `ancestors` the path segments above it. Returns null for anything that is
 * not a container (system slices, pods themselves, crio-conmon-*.scope, the runtime's own service).
 */
export function matchContainer(segment: string, ancestors: readonly string[]): ContainerMatch | null {
  let id: string | undefined;
  let runtime = 'unknown';
  const scoped = SCOPE.exec(segment);
  if (scoped) {
    id = scoped[2];
    runtime = RUNTIME[scoped[1]];
  } else if (PLAIN.test(segment)) {
    id = segment;
    if (ancestors.includes('docker')) runtime = 'docker';
    else if (ancestors.includes('libpod_parent') || ancestors.some((a) => a.startsWith('machine.slice'))) runtime = 'podman';
  }
  if (!id) return null;
  let podUid: string | undefined;
  for (const a of ancestors) {
    const m = POD.exec(a);
    if (m) podUid = m[1].replace(/_/g, '-');
  }
  if (podUid && runtime === 'unknown') runtime = 'cri';
  return podUid ? { id, runtime, podUid } : { id, runtime };
}
