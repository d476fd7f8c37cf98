import { spawn, type ChildProcess } from 'node:child_process';

/** The agent from source with its config file (the bundle's argv comes from bundle.ts). */
export const agentFromSource = (configPath: string) => [process.execPath, '--import', 'tsx', 'agent/src/main.ts', '--config', configPath];

/**
 * The agent under measurement: sends to `endpoint`, keeps its spool in `dir`, no EC2 metadata lookups, warnings
 * only (on the bench's stderr), its tracer intake on a free port; `env` adds to or overrides that.
 */
export function spawnAgent(argv: string[], dir: string, endpoint: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(argv[0], argv.slice(1), {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ARGUS_ENDPOINT: endpoint,
      ARGUS_AGENT_DATA_DIR: dir,
      ARGUS_IMDS_ENABLED: 'false',
      ARGUS_AGENT_LOG_LEVEL: 'warn',
      ARGUS_AGENT_PORT: '0',
      ...env,
    },
  });
}
