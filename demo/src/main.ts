import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startDemo, type DemoHandle } from './index.js';

/**
 * The demo shop on its own: `node --import tsx demo/src/main.ts [flags]`. The start command runs it as a child
 * and listens to its IPC messages ({type:'progress'|'ready'|'error'}); run by hand it prints them instead.
 */
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port between 1 and 65535');
  return n;
};
const rate = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1000) throw new InvalidArgumentError('expected requests per second between 0 and 1000');
  return n;
};

const program = new Command('argus-demo')
  .description('the Argus demo shop: four services traced with @argus/nodejs plus a load generator')
  .option('--agent-host <host>', 'host of the Argus agent the tracers export to', process.env.ARGUS_AGENT_HOST ?? '127.0.0.1')
  .option('--agent-port <port>', 'port of the Argus agent', port, 42699)
  .option('--endpoint <url>', 'send straight to a collector instead of an agent (needs --key)', process.env.ARGUS_ENDPOINT)
  .option('--key <key>', 'ingest key for --endpoint', process.env.ARGUS_KEY)
  .option(
    '--api-url <url>',
    'the Argus query API (to register the website for end-user monitoring)',
    process.env.ARGUS_API_URL ?? 'http://127.0.0.1:8080',
  )
  .option('--data-dir <dir>', 'where the demo keeps its databases and logs (under <dir>/demo)', process.env.ARGUS_DATA_DIR ?? './data')
  .option('--port <port>', 'storefront port; gateway, catalog and checkout use the next three', port, 3000)
  .option('--rps <n>', 'load generator requests per second', rate, Number(process.env.ARGUS_DEMO_RPS ?? 5))
  .option('--no-visitor', 'do not drive the storefront with headless Chromium')
  .option('--no-databases', 'do not start PostgreSQL and Redis even when installed')
  .parse();

const o = program.opts<{
  agentHost: string;
  agentPort: number;
  endpoint?: string;
  key?: string;
  apiUrl?: string;
  dataDir: string;
  port: number;
  rps: number;
  visitor: boolean;
  databases: boolean;
}>();

const tell = (message: Record<string, unknown>) => {
  if (process.send) process.send(message);
  else console.log(message.type === 'progress' ? `  ${String(message.message)}` : JSON.stringify(message));
};

let stopping = false;
const started: Promise<DemoHandle> = startDemo({
  tracer: { agentHost: o.agentHost, agentPort: o.agentPort, endpoint: o.endpoint, key: o.key },
  apiUrl: o.apiUrl,
  dataDir: resolve(o.dataDir),
  basePort: o.port,
  rps: o.rps,
  visitor: o.visitor,
  databases: o.databases,
  note: (message) => tell({ type: 'progress', message }),
});
// a stop request during the start waits for the start to settle, then stops what it started
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  const demo = await started.catch(() => undefined);
  await demo?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  const demo = await started;
  if (!stopping) {
    tell({
      type: 'ready',
      storefrontUrl: demo.storefrontUrl,
      gatewayUrl: demo.gatewayUrl,
      stores: demo.stores,
      eum: demo.eum,
      visitorSkipped: demo.visitorSkipped,
    });
  }
} catch (err) {
  tell({ type: 'error', message: (err as Error).message });
  // give the IPC message a moment to leave, then end (start() already stopped what it had started)
  setTimeout(() => process.exit(1), 200);
}
