/**
 * Container id and Kubernetes pod uid from /proc/<pid>/cgroup, for cgroup v1 (`N:controllers:/path`) and
 * v2 (`0::/path`), cgroupfs and systemd drivers, Docker, containerd (CRI), CRI-O and Podman naming:
 *
 *   12:memory:/docker/<id>                                                     docker, cgroupfs, v1
 *   0::/system.slice/docker-<id>.scope                                         docker, systemd, v2
 *   11:cpu,cpuacct:/kubepods/burstable/pod<uid>/<id>                           kubelet cgroupfs
 *   0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod<u_i_d>.slice/cri-containerd-<id>.scope
 *   0::/kubepods.slice/kubepods-pod<u_i_d>.slice/crio-<id>.scope               guaranteed QoS, CRI-O
 */
export interface CgroupInfo {
  containerId?: string;
  podUid?: string;
}

const ID_PREFIXES = /^(?:docker|cri-containerd|crio|containerd|libpod)-/;
const CONTAINER_ID = /^[0-9a-f]{64}$/;
const POD_SEGMENT = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?$/;

function containerIdOf(segment: string): string | undefined {
  if (segment.startsWith('crio-conmon-')) return undefined; // CRI-O's monitor process, not the container
  const id = segment.replace(/\.scope$/, '').replace(ID_PREFIXES, '');
  return CONTAINER_ID.test(id) ? id : undefined;
}

/** Parses one path such as `/kubepods/besteffort/pod<uid>/<id>`. */
export function parseCgroupPath(path: string): CgroupInfo {
  const out: CgroupInfo = {};
  for (const segment of path.split('/')) {
    if (!segment) continue;
    const pod = POD_SEGMENT.exec(segment);
    if (pod) out.podUid = pod[1].replace(/_/g, '-');
    const id = containerIdOf(segment);
    if (id) out.containerId = id; // the deepest match wins (nested cgroups)
  }
  return out;
}

/** Parses the whole /proc/<pid>/cgroup file; the first line naming a container wins, the v2 line first. */
export function parseCgroupFile(text: string): CgroupInfo {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    const j = line.indexOf(':', i + 1);
    if (i < 0 || j < 0) continue;
    const path = line.slice(j + 1);
    if (line.startsWith('0::')) paths.unshift(path);
    else paths.push(path);
  }
  let podUid: string | undefined;
  for (const p of paths) {
    const info = parseCgroupPath(p);
    podUid ??= info.podUid;
    if (info.containerId) return { containerId: info.containerId, podUid: info.podUid ?? podUid };
  }
  return podUid ? { podUid } : {};
}
