import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Names for a container id, read once from the runtime's own state files (no runtime socket needed):
 * Docker `config.v2.json`, containerd and CRI-O OCI `config.json` annotations set by the kubelet's CRI.
 * Every field is optional: unreadable or absent files simply leave the container named by its short id.
 */
export interface ContainerMeta {
  name?: string;
  image?: string;
  podName?: string;
  namespace?: string;
  containerName?: string;
}

export interface MetaRoots {
  dockerRoot: string;
  containerdTaskRoot: string;
  crioRoot: string;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

function fromDocker(root: string, id: string): ContainerMeta | undefined {
  const j = readJson(join(root, 'containers', id, 'config.v2.json'));
  if (!j) return undefined;
  const config = (j.Config ?? {}) as { Image?: string; Labels?: Record<string, string> };
  const labels = config.Labels ?? {};
  return {
    name: str(j.Name)?.replace(/^\//, ''),
    image: str(config.Image),
    podName: str(labels['io.kubernetes.pod.name']),
    namespace: str(labels['io.kubernetes.pod.namespace']),
    containerName: str(labels['io.kubernetes.container.name']),
  };
}

function fromOci(path: string, keys: { container: string; pod: string; namespace: string; image: string }): ContainerMeta | undefined {
  const j = readJson(path);
  if (!j) return undefined;
  const a = (j.annotations ?? {}) as Record<string, string>;
  return { image: str(a[keys.image]), podName: str(a[keys.pod]), namespace: str(a[keys.namespace]), containerName: str(a[keys.container]) };
}

const CONTAINERD = {
  container: 'io.kubernetes.cri.container-name',
  pod: 'io.kubernetes.cri.sandbox-name',
  namespace: 'io.kubernetes.cri.sandbox-namespace',
  image: 'io.kubernetes.cri.image-name',
};
const CRIO = {
  container: 'io.kubernetes.container.name',
  pod: 'io.kubernetes.pod.name',
  namespace: 'io.kubernetes.pod.namespace',
  image: 'io.kubernetes.cri-o.ImageName',
};

export function readContainerMeta(roots: MetaRoots, id: string, runtime: string): ContainerMeta {
  let meta: ContainerMeta | undefined;
  if (runtime === 'docker' || runtime === 'unknown') meta = fromDocker(roots.dockerRoot, id);
  if (!meta && (runtime === 'containerd' || runtime === 'cri' || runtime === 'unknown')) {
    let namespaces: string[] = [];
    try {
      namespaces = readdirSync(roots.containerdTaskRoot);
    } catch {
      /* no containerd state here */
    }
    for (const ns of namespaces) if ((meta = fromOci(join(roots.containerdTaskRoot, ns, id, 'config.json'), CONTAINERD))) break;
  }
  if (!meta && (runtime === 'cri-o' || runtime === 'cri')) meta = fromOci(join(roots.crioRoot, id, 'userdata', 'config.json'), CRIO);
  return meta ?? {};
}

/** Display name: namespace/pod/container under Kubernetes, the runtime's name otherwise, else the short id. */
export function displayName(id: string, m: ContainerMeta): string {
  if (m.podName && m.containerName) return `${m.namespace ? `${m.namespace}/` : ''}${m.podName}/${m.containerName}`;
  return m.name ?? id.slice(0, 12);
}
