/**
 * Pod metadata against a local fake Kubernetes API (the apiserver cannot run here): it serves the fixtures' API shapes,
 * enforces the service-account bearer token, applies the spec.nodeName field selector like the apiserver, and streams
 * watch events. Checked: names of pod, namespace, container and workload (ReplicaSet -> Deployment, Job -> CronJob)
 * on the container entities; a pod added by the watch; a deleted pod's contribution dropped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntitySnapshot } from '@argus/sensor-kit';
import { CHECKOUT, CONTAINER_IDS, ELSEWHERE, JOB, NEW_POD, NODE, REPLICASET, REPORT } from './fixtures.js';
import { containerIdOf, startKubernetesMetadata } from './metadata.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.test-service-account-token';
const dir = mkdtempSync(join(tmpdir(), 'argus-k8s-'));
const tokenFile = join(dir, 'token');
const requests: string[] = [];
let watcher: ServerResponse | undefined;
let baseUrl = '';

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  requests.push(`${url.pathname}?${url.searchParams.toString()}`);
  const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.headers.authorization !== `Bearer ${TOKEN}`)
    return send(401, { kind: 'Status', status: 'Failure', message: 'Unauthorized', code: 401 });
  if (url.pathname === '/api/v1/pods') {
    const selector = url.searchParams.get('fieldSelector') ?? '';
    const node = /^spec\.nodeName=(.+)$/.exec(selector)?.[1];
    if (!node) return send(400, { kind: 'Status', message: 'the agent must scope to its node', code: 400 });
    if (url.searchParams.get('watch') === '1') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      watcher = res;
      return;
    }
    const items = [CHECKOUT, REPORT, ELSEWHERE].filter((p) => p.spec.nodeName === node);
    return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '918300' }, items });
  }
  if (url.pathname === '/apis/apps/v1/namespaces/shop/replicasets/checkout-7d9f8b6c5d') return send(200, REPLICASET);
  if (url.pathname === '/apis/batch/v1/namespaces/batch/jobs/nightly-report-29012345') return send(200, JOB);
  send(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
});

beforeAll(async () => {
  writeFileSync(tokenFile, `${TOKEN}\n`);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('kubernetes pod metadata', () => {
  it('fixtures are valid Kubernetes objects', async () => {
    const { Pod } = await import('kubernetes-models/v1/Pod');
    const { ReplicaSet } = await import('kubernetes-models/apps/v1/ReplicaSet');
    const { Job } = await import('kubernetes-models/batch/v1/Job');
    for (const p of [CHECKOUT, REPORT, ELSEWHERE, NEW_POD]) new Pod({ apiVersion: 'v1', kind: 'Pod', ...p } as never).validate();
    new ReplicaSet(REPLICASET).validate();
    new Job(JOB as never).validate();
  });

  it('names containers by pod, namespace and workload for this node only, and follows the watch', async () => {
    const owners = new Map<string, EntitySnapshot[]>();
    const meta = startKubernetesMetadata({
      env: { ARGUS_K8S_API_URL: baseUrl, ARGUS_K8S_TOKEN_FILE: tokenFile, ARGUS_K8S_CLUSTER_NAME: 'prod-eks' },
      nodeName: NODE,
      hostEntityId: 'host:abc',
      hostName: NODE,
      log: pino({ level: 'silent' }),
      put: (owner, snaps) => owners.set(owner, snaps),
      gone: (owner) => owners.delete(owner),
      refreshMs: 60_000,
    });
    expect(meta).toBeDefined();
    try {
      await meta!.ready;
      const byId = () => new Map([...owners.values()].flat().map((s) => [s.id, s]));
      const app = byId().get(`container:${CONTAINER_IDS.checkoutApp}`);
      expect(app).toEqual({
        id: `container:${CONTAINER_IDS.checkoutApp}`,
        type: 'container',
        name: 'shop/checkout-7d9f8b6c5d-x2x9q/app',
        parentId: 'host:abc',
        attributes: {
          'container.id': CONTAINER_IDS.checkoutApp,
          'k8s.container.name': 'app',
          'k8s.pod.name': 'checkout-7d9f8b6c5d-x2x9q',
          'k8s.pod.uid': CHECKOUT.metadata.uid,
          'k8s.namespace.name': 'shop',
          'k8s.node.name': NODE,
          'k8s.cluster.name': 'prod-eks',
          'k8s.replicaset.name': 'checkout-7d9f8b6c5d',
          'k8s.deployment.name': 'checkout',
          'k8s.workload.kind': 'Deployment',
          'k8s.workload.name': 'checkout',
        },
      });
      expect(byId().get(`container:${CONTAINER_IDS.checkoutProxy}`)?.attributes['k8s.container.name']).toBe('envoy');
      expect(byId().get(`container:${CONTAINER_IDS.reportJob}`)?.attributes).toMatchObject({
        'k8s.job.name': 'nightly-report-29012345',
        'k8s.cronjob.name': 'nightly-report',
        'k8s.workload.kind': 'CronJob',
      });
      expect(byId().has(`container:${CONTAINER_IDS.newPod}`)).toBe(false); // the other node's pod
      expect(owners.get('kubernetes/node')?.[0].attributes).toEqual({ 'k8s.node.name': NODE, 'k8s.cluster.name': 'prod-eks' });
      // every pod request was scoped to this node, and the watch resumed from the list's resourceVersion
      await until('the watch', () => watcher !== undefined);
      expect(requests.filter((r) => r.startsWith('/api/v1/pods')).every((r) => r.includes(`fieldSelector=spec.nodeName%3D${NODE}`))).toBe(
        true,
      );
      expect(requests.find((r) => r.includes('watch=1'))).toContain('resourceVersion=918300');

      // a pod scheduled here later arrives by the watch; a deleted one is dropped
      watcher!.write(`${JSON.stringify({ type: 'ADDED', object: NEW_POD })}\n`);
      await until('the new pod', () => byId().has(`container:${CONTAINER_IDS.newPod}`));
      expect(byId().get(`container:${CONTAINER_IDS.newPod}`)?.attributes).toMatchObject({
        'k8s.statefulset.name': 'cache',
        'k8s.workload.kind': 'StatefulSet',
      });
      watcher!.write(`${JSON.stringify({ type: 'DELETED', object: REPORT })}\n`);
      await until('the deleted pod', () => !owners.has(`kubernetes/${REPORT.metadata.uid}`));
      expect(byId().has(`container:${CONTAINER_IDS.reportJob}`)).toBe(false);
    } finally {
      meta!.stop();
    }
  });

  it('stays off outside Kubernetes, with ARGUS_K8S_METADATA=off, and without a node name', () => {
    const base = {
      hostEntityId: 'host:x',
      hostName: 'x',
      log: pino({ level: 'silent' }),
      put: () => undefined,
      gone: () => undefined,
      refreshMs: 1000,
    };
    expect(startKubernetesMetadata({ ...base, env: {}, nodeName: NODE })).toBeUndefined();
    expect(
      startKubernetesMetadata({ ...base, env: { ARGUS_K8S_API_URL: baseUrl, ARGUS_K8S_METADATA: 'off' }, nodeName: NODE }),
    ).toBeUndefined();
    expect(startKubernetesMetadata({ ...base, env: { ARGUS_K8S_API_URL: baseUrl } })).toBeUndefined();
    expect(containerIdOf(`cri-o://${CONTAINER_IDS.checkoutApp}`)).toBe(CONTAINER_IDS.checkoutApp);
    expect(containerIdOf('containerd://short')).toBeUndefined();
  });
});
