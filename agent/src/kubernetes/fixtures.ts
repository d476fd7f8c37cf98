/**
 * Kubernetes API answers in the shapes the apiserver returns (core/v1 PodList with a Deployment's and a CronJob's
 * pods, apps/v1 ReplicaSet, batch/v1 Job, watch events), trimmed to the fields that matter plus typical noise. The
 * test validates them against the Kubernetes schemas (kubernetes-models) so they stay realistic.
 */
const C1 = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a';
const C2 = 'b4e2d3c5f6a7081920a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7';
const C3 = 'c5d3e4f6a7b8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c';
const C4 = 'd6e4f5a7b8c90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9';
export const CONTAINER_IDS = { checkoutApp: C1, checkoutProxy: C2, reportJob: C3, newPod: C4 };
export const NODE = 'ip-10-0-12-34.eu-west-1.compute.internal';

const status = (containers: [string, string][], phase = 'Running') => ({
  phase,
  hostIP: '10.0.12.34',
  podIP: '10.0.13.7',
  qosClass: 'Burstable',
  startTime: '2026-12-04T10:00:00Z',
  conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-04T10:00:05Z' }],
  containerStatuses: containers.map(([name, id]) => ({
    name,
    ready: true,
    restartCount: 0,
    started: true,
    image: `registry.example.com/shop/${name}:1.4.2`,
    imageID: `registry.example.com/shop/${name}@sha256:${'0'.repeat(64)}`,
    containerID: `containerd://${id}`,
    state: { running: { startedAt: '2026-12-04T10:00:03Z' } },
    lastState: {},
  })),
});

export function pod(
  name: string,
  namespace: string,
  uid: string,
  owner: { kind: string; name: string },
  containers: [string, string][],
  node = NODE,
) {
  return {
    metadata: {
      name,
      generateName: `${owner.name}-`,
      namespace,
      uid,
      resourceVersion: '918273',
      creationTimestamp: '2026-12-04T10:00:00Z',
      labels: { app: owner.name, 'pod-template-hash': '7d9f8b6c5d' },
      ownerReferences: [
        {
          apiVersion: owner.kind === 'Job' ? 'batch/v1' : 'apps/v1',
          kind: owner.kind,
          name: owner.name,
          uid: `owner-${uid}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: node,
      serviceAccountName: 'default',
      restartPolicy: 'Always',
      containers: containers.map(([n]) => ({ name: n, image: `registry.example.com/shop/${n}:1.4.2`, resources: {} })),
    },
    status: status(containers),
  };
}

export const CHECKOUT = pod(
  'checkout-7d9f8b6c5d-x2x9q',
  'shop',
  '3c5f1a2e-9d4b-4e6f-8a1c-2b3d4e5f6a7b',
  { kind: 'ReplicaSet', name: 'checkout-7d9f8b6c5d' },
  [
    ['app', C1],
    ['envoy', C2],
  ],
);
export const REPORT = pod(
  'nightly-report-29012345-abcde',
  'batch',
  '4d6a2b3f-0e5c-4f70-9b2d-3c4e5f6a7b8c',
  { kind: 'Job', name: 'nightly-report-29012345' },
  [['report', C3]],
);
/** scheduled on another node: the field selector must keep it out */
export const ELSEWHERE = pod(
  'web-5c6d7e8f9-zzzzz',
  'shop',
  '5e7b3c40-1f6d-4081-ac3e-4d5f6a7b8c9d',
  { kind: 'ReplicaSet', name: 'web-5c6d7e8f9' },
  [['web', C4]],
  'ip-10-0-99-1.eu-west-1.compute.internal',
);
export const NEW_POD = pod('cache-0', 'shop', '6f8c4d51-2a7e-4192-bd4f-5e6a7b8c9d0e', { kind: 'StatefulSet', name: 'cache' }, [
  ['redis', C4],
]);

export const REPLICASET = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'checkout-7d9f8b6c5d',
    namespace: 'shop',
    uid: 'owner-3c5f1a2e-9d4b-4e6f-8a1c-2b3d4e5f6a7b',
    resourceVersion: '918001',
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
        uid: '9a8b7c6d-0000-4000-8000-000000000001',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: { replicas: 2, selector: { matchLabels: { app: 'checkout' } } },
  status: { replicas: 2, readyReplicas: 2 },
};

export const JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name: 'nightly-report-29012345',
    namespace: 'batch',
    uid: 'owner-4d6a2b3f-0e5c-4f70-9b2d-3c4e5f6a7b8c',
    resourceVersion: '917555',
    ownerReferences: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'nightly-report',
        uid: '9a8b7c6d-0000-4000-8000-000000000002',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'registry.example.com/shop/report:1.4.2' }] } },
  },
  status: { active: 1 },
};
