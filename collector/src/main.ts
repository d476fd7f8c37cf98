import { Command } from 'commander';
import pino from 'pino';
import { isLoopback } from './app.js';
import { loadConfig } from './config.js';
import { ArgusError } from './errors.js';
import { startCollector } from './index.js';

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
  const log = pino({ level: config.logLevel, base: { component: 'collector' } });
  const c = await startCollector({ log, config, onProgress: (step) => log.info(step) });
  const open = isLoopback(c.deps.config.apiHost);
  console.log(
    [
      '',
      'Argus collector is running',
      `  ingest (OTLP/HTTP): ${c.ingestUrl}   e.g. OTEL_EXPORTER_OTLP_ENDPOINT=${c.ingestUrl}`,
      `  ingest key:         ${c.ingestKey}   (Authorization: Bearer <key>)`,
      `  query API:          ${c.apiUrl}/api/v1   ${open ? '(open on localhost)' : `(admin token: ${c.adminToken})`}`,
      `  storage:            ${c.deps.storage.mode}${c.deps.storage.mode === 'embedded' ? ` (${c.deps.config.dataDir})` : ''}`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    c.deps.log.info({ signal }, 'stopping: flushing accepted data');
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
