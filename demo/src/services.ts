import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orphanGuardPath, spawnChild, waitForHttp, type ChildHandle } from '@argus/supervise';

export const demoDir = fileURLToPath(new URL('..', import.meta.url));

export type ServiceName = 'storefront' | 'gateway' | 'catalog' | 'checkout';

export interface TracerTarget {
  /** the local agent the tracer exports to */
  agentHost: string;
  agentPort: number;
  /** or, without an agent, straight to a collector */
  endpoint?: string;
  key?: string;
}

/**
 * Starts one demo service exactly as a user would run an app under Argus: `node --import @argus/nodejs/register`,
 * with its service name in ARGUS_SERVICE_NAME. Resolves once its /healthz answers.
 */
export async function startService(
  name: ServiceName,
  port: number,
  env: Record<string, string | undefined>,
  tracer: TracerTarget,
  logDir: string,
  /** receives the child as soon as it exists, so a failed start elsewhere can still stop it */
  register: (child: ChildHandle) => void,
): Promise<ChildHandle> {
  const child = spawnChild({
    name,
    cwd: demoDir,
    logFile: join(logDir, `${name}.log`),
    args: [
      '--import',
      '@argus/nodejs/register',
      '--import',
      'tsx',
      '--import',
      orphanGuardPath,
      join(demoDir, 'src', 'services', `${name}.ts`),
    ],
    env: {
      ...env,
      PORT: String(port),
      ARGUS_SERVICE_NAME: name,
      ARGUS_AGENT_HOST: tracer.agentHost,
      ARGUS_AGENT_PORT: String(tracer.agentPort),
      ARGUS_ENDPOINT: tracer.endpoint,
      ARGUS_KEY: tracer.key,
    },
  });
  register(child);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, {
      what: `the ${name} service on port ${port}`,
      timeoutMs: 60_000,
      abort: child.exited.then(
        (e) => new Error(`${name} exited during start (code ${String(e.code)}); see ${join(logDir, `${name}.log`)}`),
      ),
    });
  } catch (err) {
    await child.stop(3000);
    throw err;
  }
  return child;
}
