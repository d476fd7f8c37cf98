/**
 * deploy/helm/argus-agent and deploy/helm/argus rendered by the real Helm (see helm.ts) with default and representative
 * values; every object validated against the Kubernetes schemas (kubernetes-models); the essentials checked: hostPID,
 * read-only host mounts, tolerations, the key from a Secret, resources, read-only RBAC, the agent.yaml the chart writes
 * accepted by the agent's own config validation, one job runner (ARGUS_JOBS=on) next to HPA'd collectors (off).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../agent/src/config/load.js';
import { SENSORS } from '../../agent/src/sensors.js';
import { helmBinary, helmLint, helmTemplate, helmTemplateError, validateObject, type K8sObject } from './helm.js';

const helm = helmBinary();
type Container = {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    capabilities?: { add?: string[]; drop?: string[] };
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
  ports?: { containerPort: number; hostPort?: number }[];
};
type PodSpec = {
  hostPID?: boolean;
  hostNetwork?: boolean;
  tolerations?: { operator?: string }[];
  containers: Container[];
  volumes: { name: string; hostPath?: { path: string }; configMap?: { name: string } }[];
};
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const find = (objs: K8sObject[], kind: string, suffix = '') => objs.filter((o) => o.kind === kind && o.metadata.name.endsWith(suffix));
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

async function validateAll(objs: K8sObject[]): Promise<void> {
  expect(objs.length).toBeGreaterThan(3);
  for (const o of objs) await validateObject(o);
}

describe.skipIf(!helm)('Helm charts (real helm, Kubernetes schemas)', () => {
  const agentValues = { 'agent.endpoint': 'http://argus-ingest.argus.svc:4318', 'agent.key': 'ak_0123456789abcdef0123' };

  it('argus-agent: a DaemonSet on every node with hostPID, read-only host mounts, the key from a Secret and read-only RBAC', async () => {
    expect(await helmLint(helm!, 'deploy/helm/argus-agent', agentValues)).toContain('0 chart(s) failed');
    const objs = await helmTemplate(helm!, 'deploy/helm/argus-agent', {
      ...agentValues,
      'cluster.name': 'prod-eks',
      'zone.name': 'eu-west-1',
    });
    await validateAll(objs);
    const [ds] = find(objs, 'DaemonSet');
    const spec = podSpec(ds);
    expect(spec.hostPID).toBe(true);
    expect(spec.hostNetwork).toBe(true);
    expect(spec.tolerations).toEqual([{ operator: 'Exists' }]);
    const [c] = spec.containers;
    const hostVolumes = new Map(spec.volumes.filter((v) => v.hostPath).map((v) => [v.name, v.hostPath!.path]));
    expect([...hostVolumes.values()]).toEqual(
      expect.arrayContaining(['/proc', '/sys/fs/cgroup', '/etc/machine-id', '/run/containerd', '/var/lib/argus-agent']),
    );
    for (const m of c.volumeMounts ?? []) {
      // every host path is read-only except the agent's own spool
      if (hostVolumes.has(m.name) && m.name !== 'spool') expect(m.readOnly, m.name).toBe(true);
    }
    const env = envOf(c);
    const [secret] = find(objs, 'Secret');
    expect(env.ARGUS_KEY).toEqual({ secretKeyRef: { name: secret.metadata.name, key: 'key' } });
    expect(Buffer.from((secret.data as { key: string }).key, 'base64').toString()).toBe(agentValues['agent.key']);
    expect(env.ARGUS_ENDPOINT).toBe(agentValues['agent.endpoint']);
    expect(env.ARGUS_K8S_NODE_NAME).toEqual({ fieldRef: { fieldPath: 'spec.nodeName' } });
    expect(env.ARGUS_K8S_HOST_IP).toEqual({ fieldRef: { fieldPath: 'status.hostIP' } });
    expect(env.ARGUS_K8S_CLUSTER_NAME).toBe('prod-eks');
    expect(env.ARGUS_ZONE).toBe('eu-west-1');
    expect(c.resources).toEqual({ requests: { cpu: '20m', memory: '96Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(c.securityContext?.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE', 'DAC_READ_SEARCH'] });
    expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(c.securityContext?.allowPrivilegeEscalation).toBe(false);
    // RBAC: read only
    const [role] = find(objs, 'ClusterRole');
    const rules = role.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules.flatMap((r) => r.verbs).every((v) => ['get', 'list', 'watch'].includes(v))).toBe(true);
    expect(rules.flatMap((r) => r.resources)).toEqual(
      expect.arrayContaining(['pods', 'nodes', 'namespaces', 'replicasets', 'deployments', 'jobs']),
    );
    const [binding] = find(objs, 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: find(objs, 'ServiceAccount')[0].metadata.name, namespace: 'argus' }]);
  });

  it("argus-agent: the chart's agent.yaml passes the agent's own validation; hostPort without hostNetwork; existing secret", async () => {
    const objs = await helmTemplate(helm!, 'deploy/helm/argus-agent', {
      ...agentValues,
      'agent.key': '',
      'agent.existingSecret': 'my-argus-key',
      'agent.existingSecretKey': 'ingest-key',
      hostNetwork: false,
      'agent.config.sensors.postgres.enabled': false,
    });
    await validateAll(objs);
    expect(find(objs, 'Secret')).toEqual([]);
    const c = podSpec(find(objs, 'DaemonSet')[0]).containers[0];
    expect(envOf(c).ARGUS_KEY).toEqual({ secretKeyRef: { name: 'my-argus-key', key: 'ingest-key' } });
    expect(c.ports).toEqual([{ name: 'tracer-intake', containerPort: 42699, hostPort: 42699, protocol: 'TCP' }]);
    const yaml = (find(objs, 'ConfigMap')[0].data as Record<string, string>)['agent.yaml'];
    const dir = mkdtempSync(join(tmpdir(), 'argus-chart-'));
    try {
      writeFileSync(join(dir, 'agent.yaml'), yaml);
      const config = loadAgentConfig({ path: join(dir, 'agent.yaml'), sensors: SENSORS, env: {} });
      expect(config.procRoot).toBe('/host/proc');
      expect(config.listenHost).toBe('0.0.0.0');
      expect(config.sensors.postgres.enabled).toBe(false);
      expect(config.sensors.container.config).toMatchObject({ sysRoot: '/host/sys/fs/cgroup', dockerRoot: '/host/var/lib/docker' });
    } finally {
      rmSync(dir, { recursive: true });
    }
    expect(await helmTemplateError(helm!, 'deploy/helm/argus-agent', { 'agent.endpoint': 'http://x:4318' })).toContain('set agent.key');
    expect(await helmTemplateError(helm!, 'deploy/helm/argus-agent', { 'agent.key': 'k' })).toContain('set agent.endpoint');
  });

  it('argus: HPA-scaled collectors (ARGUS_JOBS=off) and exactly one job runner (on), ClickHouse cluster by URL, Services, Ingress', async () => {
    const values = {
      'clickhouse.url': 'http://argus:secret@clickhouse-argus.argus.svc:8123',
      'clickhouse.cluster': 'argus',
      'auth.ingestKey': 'ak_0123456789abcdef0123',
      'ingress.enabled': true,
      'ingress.ingest.host': 'ingest.argus.example.com',
      'ingress.api.host': 'argus.example.com',
    };
    expect(await helmLint(helm!, 'deploy/helm/argus', { 'clickhouse.url': values['clickhouse.url'] })).toContain('0 chart(s) failed');
    const objs = await helmTemplate(helm!, 'deploy/helm/argus', values);
    await validateAll(objs);
    const [collector] = find(objs, 'Deployment', '-collector');
    const [jobs] = find(objs, 'Deployment', '-jobs');
    expect((jobs.spec as { replicas: number }).replicas).toBe(1);
    expect((jobs.spec as { strategy: { type: string } }).strategy.type).toBe('Recreate');
    const cEnv = envOf(podSpec(collector).containers[0]);
    const jEnv = envOf(podSpec(jobs).containers[0]);
    expect([cEnv.ARGUS_JOBS, jEnv.ARGUS_JOBS]).toEqual(['off', 'on']);
    for (const env of [cEnv, jEnv]) {
      expect(env.ARGUS_CLICKHOUSE_CLUSTER).toBe('argus');
      expect(env.ARGUS_CLICKHOUSE_URL).toEqual({ secretKeyRef: { name: 'rel-argus', key: 'clickhouseUrl' } });
      expect(env.ARGUS_INGEST_KEY).toMatchObject({ secretKeyRef: { name: 'rel-argus', key: 'ingestKey' } });
      expect(env.ARGUS_INGEST_HOST).toBe('0.0.0.0');
    }
    const [hpa] = find(objs, 'HorizontalPodAutoscaler');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: collector.metadata.name },
      minReplicas: 2,
      maxReplicas: 10,
    });
    // the Services select the collectors only (the job runner gets no traffic)
    const services = find(objs, 'Service');
    expect(services.map((s) => s.metadata.name).sort()).toEqual(['rel-argus-api', 'rel-argus-ingest']);
    for (const s of services)
      expect((s.spec as { selector: Record<string, string> }).selector['app.kubernetes.io/component']).toBe('collector');
    const [ingress] = find(objs, 'Ingress');
    const rules = (ingress.spec as { rules: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }[] }).rules;
    expect(rules.map((r) => [r.host, r.http.paths[0].backend.service.name])).toEqual([
      ['ingest.argus.example.com', 'rel-argus-ingest'],
      ['argus.example.com', 'rel-argus-api'],
    ]);
    expect(await helmTemplateError(helm!, 'deploy/helm/argus', {})).toContain('set clickhouse.url');
  });

  it('argus: without autoscaling a fixed replica count; an existing secret for ClickHouse and auth', async () => {
    const objs = await helmTemplate(helm!, 'deploy/helm/argus', {
      'clickhouse.existingSecret': 'ch',
      'auth.existingSecret': 'argus-auth',
      'collector.autoscaling.enabled': false,
      'collector.replicas': 3,
    });
    await validateAll(objs);
    expect(find(objs, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(objs, 'Secret')).toEqual([]);
    const [collector] = find(objs, 'Deployment', '-collector');
    expect((collector.spec as { replicas: number }).replicas).toBe(3);
    const env = envOf(podSpec(collector).containers[0]);
    expect(env.ARGUS_CLICKHOUSE_URL).toEqual({ secretKeyRef: { name: 'ch', key: 'url' } });
    expect(env.ARGUS_ADMIN_TOKEN).toEqual({ secretKeyRef: { name: 'argus-auth', key: 'adminToken', optional: true } });
  });
});
