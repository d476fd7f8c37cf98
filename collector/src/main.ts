import { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';
import pino from 'pino';
import { loadConfig } from './config.js';
import { ArgusError } from './errors.js';
import { startCollector } from './index.js';

/** SIGTERM / SIGINT: how long the collector may take to stop cleanly before it exits anyway */
const SHUTDOWN_LIMIT_MS = 60_000;

const program = new Command('argus-collector')
  .description('Argus collector: OTLP/HTTP ingest into ClickHouse and the query API')
  .option('--ingest-port <port>', 'ingest port (ARGUS_INGEST_PORT, default 4318)')
  .option('--api-port <port>', 'API port (ARGUS_API_PORT, default 8080)')
  .option('--data-dir <dir>', 'embedded ClickHouse data directory (ARGUS_DATA_DIR, default ./data)')
  .option('--clickhouse-url <url>', 'ClickHouse server URL instead of embedded storage (ARGUS_CLICKHOUSE_URL)')
  .option('--retention-days <days>', 'span and log retention (ARGUS_RETENTION_DAYS, default 7)')
  .parse();

const o = program.opts<{ ingestPort?: string; apiPort?: string; dataDir?: string; clickhouseUrl?: string; retentionDays?: string }>();

try {
  // validated once here (clear message for a bad value), then handed to the collector as is
  const config = loadConfig({
    ingestPort: o.ingestPort,
    apiPort: o.apiPort,
    dataDir: o.dataDir,
    clickhouseUrl: o.clickhouseUrl,
    retentionDays: o.retentionDays,
  });
  // before the collector allocates anything much; process-wide (every thread's heap), read at each full collection
  if (config.heapGrowingPercent > 0) setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const log = pino({ level: config.logLevel, base: { component: 'collector' } });
  const c = await startCollector({ log, config, onProgress: (step) => log.info(step) });
  const b = c.bootstrap;
  const lines = [
    '',
    'Argus collector is running',
    `  ingest (OTLP/HTTP): ${c.ingestUrl}   e.g. OTEL_EXPORTER_OTLP_ENDPOINT=${c.ingestUrl}`,
    `  query API:          ${c.apiUrl}/api/v1   (sign in, or Authorization: Bearer <API token>)`,
    `  storage:            ${c.deps.storage.mode}${c.deps.storage.mode === 'embedded' ? ` (${c.deps.config.dataDir})` : ''}`,
  ];
  // credentials are printed once, when created: only their hashes are kept
  if (b.ingestKeyCreated && b.ingestKey)
    lines.push(`  ingest key:         ${b.ingestKey}   (new: shown only now; Authorization: Bearer <key>)`);
  if (b.owner) {
    lines.push(
      `  owner login:        ${b.owner.email} / ${b.owner.password ?? '(the password in ARGUS_ADMIN_PASSWORD)'}` +
        (b.owner.password ? '   (new: shown only now)' : ''),
    );
  }
  console.log([...lines, ''].join('\n'));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    c.deps.log.info({ signal }, 'stopping: flushing accepted data');
    // a stop that does not end in SHUTDOWN_LIMIT_MS exits anyway: what was acknowledged is in the write-ahead log,
    // replayed at the next start (a service manager would kill it later and less cleanly)
    setTimeout(() => {
      c.deps.log.error(
        { ms: SHUTDOWN_LIMIT_MS },
        'stopping took too long: exiting (acknowledged data is replayed from the write-ahead log at the next start)',
      );
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    await c.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (e) {
  const err = e as Error;
  console.error(`argus collector failed to start: ${err instanceof ArgusError ? `[${err.code}] ` : ''}${err.message}`);
  process.exit(1);
}
