import { resolve } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';

const port = (flag: string) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(1, `${flag} must be between 1 and 65535`)
    .max(65535, `${flag} must be between 1 and 65535`);

const schema = z.object({
  demo: z.boolean(),
  agent: z.boolean(),
  visitor: z.boolean(),
  ingestPort: port('--ingest-port'),
  apiPort: port('--api-port'),
  agentPort: port('--agent-port'),
  demoPort: port('--demo-port').max(65532, '--demo-port must leave room for the next three ports'),
  rps: z.coerce.number({ error: '--rps must be a number' }).min(0, '--rps must be >= 0').max(1000, '--rps must be <= 1000'),
  dataDir: z.string().min(1, '--data-dir must not be empty'),
});

export type StartOptions = z.infer<typeof schema>;

/** Parses and validates the start command's flags (environment variables give the defaults) once. */
export function parseStartOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): StartOptions {
  const program = new Command('argus start')
    .description(
      'Start Argus on this machine: the collector (embedded ClickHouse, ingest, query API), the agent and, with --demo, the demo shop',
    )
    .option('--demo', 'also start the demo shop: four traced services, a load generator and (with Chromium) a headless visitor', false)
    .option('--ingest-port <port>', 'collector ingest port (OTLP/HTTP, EUM beacons, eum.js)', env.ARGUS_INGEST_PORT ?? '4318')
    .option('--api-port <port>', 'collector API and web UI port', env.ARGUS_API_PORT ?? '8080')
    .option('--agent-port <port>', 'local agent port the tracers send to', env.ARGUS_AGENT_PORT ?? '42699')
    .option('--demo-port <port>', 'demo storefront port; gateway, catalog and checkout use the next three', env.ARGUS_DEMO_PORT ?? '3000')
    .option('--rps <n>', 'demo load generator requests per second', env.ARGUS_DEMO_RPS ?? '5')
    .option('--data-dir <dir>', 'where Argus keeps its data (reused by the next start)', env.ARGUS_DATA_DIR ?? './data')
    .option('--no-agent', 'do not start the local agent (the demo then sends straight to the collector)')
    .option('--no-visitor', 'do not drive the demo storefront with headless Chromium')
    .showHelpAfterError()
    .parse(argv, { from: 'user' });
  const parsed = schema.safeParse(program.opts());
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join('\n');
    program.error(`error: ${message}`, { exitCode: 2, code: 'BAD_OPTION' });
  }
  return { ...parsed.data!, dataDir: resolve(parsed.data!.dataDir) };
}
