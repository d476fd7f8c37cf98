import { join } from 'node:path';
import { stopInOrder, waitForHttp, type ChildHandle } from '@argus/supervise';
import { startDemoPostgres } from './infra/postgres.js';
import { startDemoRedis } from './infra/redis.js';
import { startLoadGenerator, type LoadGenerator, type LoadStats } from './load/generator.js';
import { findChromium, startVisitor, type Visitor } from './load/visitor.js';
import { startService, type TracerTarget } from './services.js';
import { ensureDemoWebsite } from './website.js';

export interface DemoOptions {
  tracer: TracerTarget;
  /** the Argus query API, where the demo registers its website for end-user monitoring */
  apiUrl?: string;
  /** demo state (PostgreSQL and Redis data, logs) lives under <dataDir>/demo */
  dataDir: string;
  /** storefront port; gateway, catalog and checkout take the next three */
  basePort: number;
  /** load generator requests per second (0 = off) */
  rps: number;
  /** drive the storefront with headless Chromium when it is installed */
  visitor: boolean;
  /** start PostgreSQL and Redis when installed */
  databases: boolean;
  note: (message: string) => void;
}

export interface DemoHandle {
  storefrontUrl: string;
  gatewayUrl: string;
  stores: { catalog: string; carts: string };
  eum: boolean;
  /** undefined when the visitor runs; otherwise why not */
  visitorSkipped?: string;
  loadStats(): LoadStats | undefined;
  stop(): Promise<void>;
}

/** The tracers drop what they cannot send: give the local agent (started alongside) time to open its port. */
async function waitForAgent(tracer: TracerTarget, note: (message: string) => void): Promise<void> {
  if (tracer.endpoint) return;
  try {
    await waitForHttp(`http://${tracer.agentHost}:${tracer.agentPort}/`, { what: 'the Argus agent', timeoutMs: 60_000 });
  } catch {
    note(`no Argus agent answers on ${tracer.agentHost}:${tracer.agentPort}: the services run, their spans are dropped until it does`);
  }
}

/** A database that fails to start unexpectedly is skipped like a missing one: the service uses memory. */
const fallback = (what: string, note: (message: string) => void) => (err: Error) => {
  note(`${what} could not be started (${err.message}): the demo uses its in-process store`);
  return undefined;
};

export function demoPorts(basePort: number) {
  return { storefront: basePort, gateway: basePort + 1, catalog: basePort + 2, checkout: basePort + 3 };
}

/** Starts the demo shop: databases when installed, the four traced services, the load generator and the visitor. */
export async function startDemo(opts: DemoOptions): Promise<DemoHandle> {
  const root = join(opts.dataDir, 'demo');
  const logs = join(root, 'logs');
  const ports = demoPorts(opts.basePort);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const children: ChildHandle[] = [];
  const databases: ChildHandle[] = [];
  let load: LoadGenerator | undefined;
  let visitor: Visitor | undefined;
  const stop = async () => {
    await visitor?.stop();
    await load?.stop();
    // no traffic is left once the load generator and the visitor stopped: the services stop (and flush their
    // spans) side by side, then the databases they used
    await Promise.all(children.map((c) => c.stop(10_000)));
    await stopInOrder(databases, 10_000);
  };
  try {
    // the databases, the website and the agent do not depend on each other: wait for them side by side
    const [[postgres, redis], site] = await Promise.all([
      opts.databases
        ? Promise.all([
            startDemoPostgres(join(root, 'postgres'), join(logs, 'postgresql.log'), opts.note).catch(fallback('PostgreSQL', opts.note)),
            startDemoRedis(join(root, 'redis'), join(logs, 'redis.log'), opts.note).catch(fallback('Redis', opts.note)),
          ])
        : Promise.resolve([undefined, undefined] as const),
      opts.apiUrl
        ? ensureDemoWebsite(opts.apiUrl, [url(ports.storefront), `http://localhost:${ports.storefront}`]).catch((err: unknown) => ({
            website: undefined,
            reason: `the websites API failed (${err instanceof Error ? err.message : 'no reason given'})`,
          }))
        : Promise.resolve({ website: undefined, reason: 'no Argus API given' }),
      waitForAgent(opts.tracer, opts.note),
    ]);
    if (postgres) databases.push(postgres.child);
    if (redis) databases.push(redis.child);
    if (!site.website) opts.note(`storefront pages carry no EUM snippet: ${site.reason ?? 'no reason given'}`);

    // services call each other only per request, so all four start at once
    opts.note(
      `starting storefront (:${ports.storefront}), gateway (:${ports.gateway}), catalog (:${ports.catalog}) and checkout (:${ports.checkout}) with @argus/nodejs`,
    );
    const register = (child: ChildHandle) => children.push(child);
    await Promise.all([
      startService('catalog', ports.catalog, { DATABASE_URL: postgres?.url }, opts.tracer, logs, register),
      startService('checkout', ports.checkout, { REDIS_URL: redis?.url, CATALOG_URL: url(ports.catalog) }, opts.tracer, logs, register),
      startService(
        'gateway',
        ports.gateway,
        { CATALOG_URL: url(ports.catalog), CHECKOUT_URL: url(ports.checkout) },
        opts.tracer,
        logs,
        register,
      ),
      startService(
        'storefront',
        ports.storefront,
        { GATEWAY_URL: url(ports.gateway), ARGUS_DEMO_EUM_SNIPPET: site.website?.snippet },
        opts.tracer,
        logs,
        register,
      ),
    ]);

    if (opts.rps > 0) load = startLoadGenerator(url(ports.storefront), opts.rps);
    const chromium = findChromium();
    let visitorSkipped: string | undefined;
    if (!opts.visitor) visitorSkipped = 'disabled';
    else if (!chromium) visitorSkipped = 'Chromium is not installed';
    else {
      try {
        visitor = await startVisitor(url(ports.storefront), chromium, opts.note);
      } catch (err) {
        visitorSkipped = `Chromium did not start: ${(err as Error).message.split('\n')[0]}`;
      }
    }
    return {
      storefrontUrl: url(ports.storefront),
      gatewayUrl: url(ports.gateway),
      stores: { catalog: postgres ? 'PostgreSQL' : 'in-process', carts: redis ? 'Redis' : 'in-process' },
      eum: Boolean(site.website),
      visitorSkipped,
      loadStats: () => load?.stats(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
