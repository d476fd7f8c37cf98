/**
 * Kubernetes metadata for the containers of this node: the pods scheduled here are listed and then watched from the
 * API (field selector spec.nodeName=<node>, so the agent only ever sees its own node's pods), their owning workload
 * is resolved through the owner references (ReplicaSet -> Deployment, Job -> CronJob, StatefulSet, DaemonSet), and
 * each container id of a pod contributes pod, namespace, container and workload names to its `container:<id>`
 * entity (merged with the container sensor's snapshot), plus cluster and node to the host entity.
 */
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { containerEntityId, type Attributes, type EntitySnapshot } from '@argus/sensor-kit';
import { createKubeApi, KubeApiError, type KubeApi, type WatchEvent } from './api.js';

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

interface OwnerRef {
  kind: string;
  name: string;
  controller?: boolean;
}
interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion?: string;
  ownerReferences?: OwnerRef[];
}
interface ContainerStatus {
  name: string;
  containerID?: string;
}
export interface Pod {
  metadata: ObjectMeta;
  spec?: { nodeName?: string };
  status?: { phase?: string; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}
interface PodList {
  metadata: { resourceVersion: string };
  items: Pod[];
}

export interface KubernetesMetadataOptions {
  env: NodeJS.ProcessEnv;
  nodeName?: string;
  hostEntityId: string;
  hostName: string;
  log: Logger;
  /** contributions per pod (owner `kubernetes/<pod uid>`), and the owner to drop when the pod is gone */
  put(owner: string, snapshots: EntitySnapshot[]): void;
  gone(owner: string): void;
  /** re-put every contribution this often so none expires (the agent's entityRefreshMs) */
  refreshMs: number;
}

export interface KubernetesMetadata {
  /** resolves once the first list has been applied (tests) */
  ready: Promise<void>;
  stop(): void;
}

/** Whether to run, and against what: in a pod with a service account, or ARGUS_K8S_API_URL (tests, out-of-cluster). */
export function kubeApiFromEnv(env: NodeJS.ProcessEnv): { baseUrl: string; tokenFile: string; caFile?: string } | undefined {
  if ((env.ARGUS_K8S_METADATA ?? 'on') === 'off') return undefined;
  const tokenFile = env.ARGUS_K8S_TOKEN_FILE || `${SA_DIR}/token`;
  if (env.ARGUS_K8S_API_URL) return { baseUrl: env.ARGUS_K8S_API_URL, tokenFile, caFile: env.ARGUS_K8S_CA_FILE || undefined };
  if (!env.KUBERNETES_SERVICE_HOST || !existsSync(tokenFile)) return undefined;
  const host = env.KUBERNETES_SERVICE_HOST.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
  return {
    baseUrl: `https://${host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`,
    tokenFile,
    caFile: env.ARGUS_K8S_CA_FILE || `${SA_DIR}/ca.crt`,
  };
}

/** `containerd://<64 hex>` (also docker://, cri-o://) -> the id the cgroup scan finds */
export const containerIdOf = (s?: string): string | undefined => /^[\w-]+:\/\/([0-9a-f]{64})$/.exec(s ?? '')?.[1];

const WORKLOAD_ATTR: Record<string, string> = {
  Deployment: 'k8s.deployment.name',
  StatefulSet: 'k8s.statefulset.name',
  DaemonSet: 'k8s.daemonset.name',
  ReplicaSet: 'k8s.replicaset.name',
  Job: 'k8s.job.name',
  CronJob: 'k8s.cronjob.name',
};
const OWNER_PATH: Record<string, string> = { ReplicaSet: 'apis/apps/v1', Job: 'apis/batch/v1' };
const controllerOf = (m: { ownerReferences?: OwnerRef[] }) => m.ownerReferences?.find((o) => o.controller) ?? m.ownerReferences?.[0];

export function startKubernetesMetadata(opts: KubernetesMetadataOptions): KubernetesMetadata | undefined {
  const where = kubeApiFromEnv(opts.env);
  if (!where) return undefined;
  const log = opts.log.child({ area: 'kubernetes' });
  if (!opts.nodeName) {
    log.warn('Kubernetes API reachable but no node name (ARGUS_K8S_NODE_NAME): pod metadata off');
    return undefined;
  }
  const api: KubeApi = createKubeApi({ ...where, timeoutMs: 10_000 });
  const cluster = opts.env.ARGUS_K8S_CLUSTER_NAME || undefined;
  const pods = new Map<string, { snapshots: EntitySnapshot[]; json: string }>();
  /** `<kind>/<ns>/<name>` of a ReplicaSet or Job -> its own controller (Deployment / CronJob), cached */
  const owners = new Map<string, Promise<OwnerRef | undefined>>();
  const abort = new AbortController();
  let refreshTimer: NodeJS.Timeout | undefined;

  function parentOf(kind: string, ns: string, name: string): Promise<OwnerRef | undefined> {
    const key = `${kind}/${ns}/${name}`;
    let p = owners.get(key);
    if (!p) {
      const plural = `${kind.toLowerCase()}s`;
      p = api
        .get<{ metadata: ObjectMeta }>(`/${OWNER_PATH[kind]}/namespaces/${ns}/${plural}/${name}`)
        .then((o) => controllerOf(o.metadata))
        .catch((err: unknown) => {
          owners.delete(key); // retried with the pod's next change
          log.debug({ err, owner: key }, 'owner lookup failed');
          return undefined;
        });
      owners.set(key, p);
      if (owners.size > 5000) owners.delete(owners.keys().next().value!);
    }
    return p;
  }

  async function workloadOf(pod: Pod): Promise<Attributes> {
    const ns = pod.metadata.namespace ?? 'default';
    const out: Attributes = {};
    let ref = controllerOf(pod.metadata);
    for (let depth = 0; ref && depth < 3; depth++) {
      const attr = WORKLOAD_ATTR[ref.kind];
      if (attr) out[attr] = ref.name;
      out['k8s.workload.kind'] = ref.kind;
      out['k8s.workload.name'] = ref.name;
      ref = OWNER_PATH[ref.kind] ? await parentOf(ref.kind, ns, ref.name) : undefined;
    }
    return out;
  }

  async function apply(pod: Pod): Promise<void> {
    const uid = pod.metadata.uid;
    const ns = pod.metadata.namespace ?? 'default';
    const base: Attributes = {
      'k8s.pod.name': pod.metadata.name,
      'k8s.pod.uid': uid,
      'k8s.namespace.name': ns,
      'k8s.node.name': opts.nodeName!,
      ...(cluster ? { 'k8s.cluster.name': cluster } : {}),
      ...(await workloadOf(pod)),
    };
    const snapshots: EntitySnapshot[] = [];
    for (const c of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const id = containerIdOf(c.containerID);
      if (!id) continue;
      snapshots.push({
        id: containerEntityId(id),
        type: 'container',
        name: `${ns}/${pod.metadata.name}/${c.name}`,
        parentId: opts.hostEntityId,
        attributes: { ...base, 'container.id': id, 'k8s.container.name': c.name },
      });
    }
    const json = JSON.stringify(snapshots);
    if (pods.get(uid)?.json === json) return;
    pods.set(uid, { snapshots, json });
    opts.put(`kubernetes/${uid}`, snapshots);
  }

  function remove(uid: string): void {
    if (pods.delete(uid)) opts.gone(`kubernetes/${uid}`);
  }

  const selector = `fieldSelector=${encodeURIComponent(`spec.nodeName=${opts.nodeName}`)}`;
  let firstList: () => void = () => undefined;
  const ready = new Promise<void>((r) => (firstList = r));

  async function listAndWatch(): Promise<void> {
    // resourceVersion=0: served from the apiserver's watch cache, not etcd
    const list = await api.get<PodList>(`/api/v1/pods?${selector}&resourceVersion=0`);
    const seen = new Set<string>();
    for (const pod of list.items) {
      seen.add(pod.metadata.uid);
      await apply(pod);
    }
    for (const uid of [...pods.keys()]) if (!seen.has(uid)) remove(uid);
    firstList();
    log.info({ pods: list.items.length, node: opts.nodeName }, 'kubernetes pod metadata listed');
    let rv = list.metadata.resourceVersion;
    while (!abort.signal.aborted) {
      let queue = Promise.resolve();
      await api.watch<Pod | { code?: number; message?: string }>(
        `/api/v1/pods?${selector}&watch=1&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=${rv}`,
        (e: WatchEvent<Pod | { code?: number; message?: string }>) => {
          if (e.type === 'ERROR') throw new KubeApiError((e.object as { code?: number }).code ?? 0, 'watch expired');
          const pod = e.object as Pod;
          if (pod.metadata.resourceVersion) rv = pod.metadata.resourceVersion;
          if (e.type === 'BOOKMARK') return;
          queue = queue.then(() => (e.type === 'DELETED' ? remove(pod.metadata.uid) : apply(pod)));
        },
        abort.signal,
      );
      await queue;
    }
  }

  void (async () => {
    let backoff = 1000;
    while (!abort.signal.aborted) {
      try {
        await listAndWatch();
        backoff = 1000;
      } catch (err) {
        if (abort.signal.aborted) return;
        const status = err instanceof KubeApiError ? err.status : 0;
        // 410 Gone: our resourceVersion is too old, list again at once; 401/403: RBAC (say which)
        if (status !== 410) {
          log.warn(
            { err: (err as Error).message, status },
            status === 403 ? 'Kubernetes API denied pod reads: check the ClusterRole' : 'Kubernetes API unavailable; retrying',
          );
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(backoff * 2, 60_000);
        }
      }
    }
  })();

  const node: EntitySnapshot = {
    id: opts.hostEntityId,
    type: 'host',
    name: opts.hostName,
    attributes: { 'k8s.node.name': opts.nodeName, ...(cluster ? { 'k8s.cluster.name': cluster } : {}) },
  };
  opts.put('kubernetes/node', [node]);
  const renew = () => {
    opts.put('kubernetes/node', [node]);
    for (const [uid, p] of pods) opts.put(`kubernetes/${uid}`, p.snapshots);
    refreshTimer = setTimeout(renew, opts.refreshMs);
    refreshTimer.unref();
  };
  refreshTimer = setTimeout(renew, opts.refreshMs);
  refreshTimer.unref();

  return {
    ready,
    stop() {
      abort.abort();
      clearTimeout(refreshTimer);
      api.close();
    },
  };
}
