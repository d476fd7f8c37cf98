/**
 * Container id, runtime and Kubernetes pod uid from cgroup paths: the one parser behind the agent's process
 * discovery, the process sensor (both read /proc/<pid>/cgroup) and the container sensor (walks the cgroup tree).
 * cgroup v1 (`N:controllers:/path`) and v2 (`0::/path`), cgroupfs and systemd drivers:
 *
 *   /docker/<id>                                                          docker, cgroupfs
 *   /system.slice/docker-<id>.scope                                       docker, systemd
 *   /system.slice/containerd-<id>.scope                                   containerd, systemd
 *   /kubepods/burstable/pod<uid>/<id>                                     kubelet, cgroupfs (any CRI)
 *   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<u_i_d>.slice/cri-containerd-<id>.scope
 *   /kubepods.slice/kubepods-pod<u_i_d>.slice/crio-<id>.scope             guaranteed QoS, CRI-O
 *   /machine.slice/libpod-<id>.scope, /libpod_parent/libpod-<id>           podman, systemd / cgroupfs
 *
 * A container id is 64 hex digits. `crio-conmon-<id>.scope` (CRI-O's monitor) and the pod cgroups themselves
 * are not containers. Under the systemd driver a pod uid's dashes are written as underscores.
 */
export type ContainerRuntime = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'cri' | 'unknown';

export interface ContainerMatch {
  id: string;
  runtime: ContainerRuntime;
  podUid?: string;
}

export interface CgroupInfo {
  containerId?: string;
  runtime?: ContainerRuntime;
  podUid?: string;
}

const ID = '([0-9a-f]{64})';
/** `<prefix>-<id>`, with `.scope` under the systemd driver; `^` keeps `cri-containerd-` apart from `containerd-` */
const PREFIXED = new RegExp(`^(docker|cri-containerd|containerd|crio|libpod)-${ID}(?:\\.scope)?$`);
const PLAIN = new RegExp(`^${ID}$`);
const RUNTIME_OF_PREFIX: Record<string, ContainerRuntime> = {
  docker: 'docker',
  'cri-containerd': 'containerd',
  containerd: 'containerd',
  crio: 'cri-o',
  libpod: 'podman',
};
// cgroupfs: pod0f1e2d3c-...; systemd: kubepods-burstable-pod0f1e2d3c_..._....slice
const POD = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

/** The pod uid a cgroup directory name stands for (`_` turned back into `-`), if it is a pod's cgroup. */
export function podUidOf(segment: string): string | undefined {
  const m = POD.exec(segment);
  return m ? m[1].replace(/_/g, '-') : undefined;
}

/** A bare id says nothing of its runtime: its parent directories do. */
function runtimeOfPlain(ancestors: readonly string[], podUid: string | undefined): ContainerRuntime {
  if (ancestors.includes('docker') || ancestors.includes('ecs')) return 'docker';
  if (ancestors.includes('libpod_parent') || ancestors.some((a) => a.startsWith('machine.slice'))) return 'podman';
  return podUid ? 'cri' : 'unknown';
}

/**
 * `segment` is one directory name, `ancestors` the directory names above it (outermost first). Returns null
 * for anything that is not a container (system slices, pods, crio-conmon-*.scope, the runtime's own service).
 */
export function matchContainer(segment: string, ancestors: readonly string[]): ContainerMatch | null {
  let podUid: string | undefined;
  for (const a of ancestors) podUid = podUidOf(a) ?? podUid;
  const prefixed = PREFIXED.exec(segment);
  let id: string;
  let runtime: ContainerRuntime;
  if (prefixed) {
    id = prefixed[2];
    runtime = RUNTIME_OF_PREFIX[prefixed[1]];
  } else if (PLAIN.test(segment)) {
    id = segment;
    runtime = runtimeOfPlain(ancestors, podUid);
  } else return null;
  return podUid ? { id, runtime, podUid } : { id, runtime };
}

/** One cgroup path such as `/kubepods/besteffort/pod<uid>/<id>`; the deepest container wins (nested runtimes). */
export function parseCgroupPath(path: string): CgroupInfo {
  const segs = path.split('/').filter(Boolean);
  for (let i = segs.length - 1; i >= 0; i--) {
    const m = matchContainer(segs[i], segs.slice(0, i));
    if (m) return m.podUid ? { containerId: m.id, runtime: m.runtime, podUid: m.podUid } : { containerId: m.id, runtime: m.runtime };
  }
  let podUid: string | undefined;
  for (const s of segs) podUid = podUidOf(s) ?? podUid;
  return podUid ? { podUid } : {};
}

/**
 * The whole /proc/<pid>/cgroup file. The v2 line (`0::`) is tried first, then the v1 lines in order; the first
 * path naming a container wins. A process in a pod's cgroup but in no container still gets the pod uid.
 */
export function parseCgroupFile(text: string): CgroupInfo {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    const j = i < 0 ? -1 : line.indexOf(':', i + 1);
    if (j < 0) continue;
    const path = line.slice(j + 1);
    if (line.startsWith('0::')) paths.unshift(path);
    else paths.push(path);
  }
  let podUid: string | undefined;
  for (const p of paths) {
    const info = parseCgroupPath(p);
    if (info.containerId) return info.podUid || !podUid ? info : { ...info, podUid };
    podUid ??= info.podUid;
  }
  return podUid ? { podUid } : {};
}
