/** `pnpm agent [--config /etc/argus/agent.yaml]`: runs the Argus host agent until SIGINT/SIGTERM. */
import { Command } from 'commander';
import pino from 'pino';
import { startAgent } from './agent.js';
import { AgentError } from './config/errors.js';
import { DEFAULT_CONFIG_PATH, loadAgentConfig } from './config/load.js';
import { SENSORS } from './sensors.js';

const program = new Command()
  .name('argus-agent')
  .description('Argus host agent: process discovery, sensors, 1-second metrics and entity snapshots')
  .option('-c, --config <path>', `config file (default ${DEFAULT_CONFIG_PATH}, or ARGUS_AGENT_CONFIG)`)
  .option('--check', 'validate the configuration and exit')
  .parse();

const opts = program.opts<{ config?: string; check?: boolean }>();
const path = opts.config ?? process.env.ARGUS_AGENT_CONFIG;

try {
  const config = loadAgentConfig({ path, sensors: SENSORS });
  if (opts.check) {
    console.log(`configuration OK (${config.source || 'defaults + environment'})`);
    process.exit(0);
  }
  const log = pino({ level: config.logLevel, base: { component: 'argus-agent' } });
  const agent = await startAgent(config, { log, configPath: config.source || path || DEFAULT_CONFIG_PATH });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await agent.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof AgentError) {
    console.error(`argus-agent: ${err.message} [${err.code}]`);
    process.exit(2);
  }
  throw err;
}
