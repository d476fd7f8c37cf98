import type { AnySensor } from '@argus/sensor-kit';
import pino from 'pino';
import { startAgent, type RunningAgent } from '../src/agent.js';
import { resolveConfig } from '../src/config/load.js';

export interface TestAgentOptions {
  /** where it sends (a test collector's ingestUrl, or a recorder) and with which key */
  endpoint: string;
  key: string;
  /** its spool and state */
  dataDir: string;
  sensors: readonly AnySensor[];
  /** what agent.yaml would hold (intervals, export backoff, sensor settings) */
  file?: Record<string, unknown>;
  /** more ARGUS_* variables (e.g. ARGUS_AGENT_PORT) */
  env?: Record<string, string>;
  /** the tracer intake listener: off unless asked */
  tracerIntake?: boolean;
}

/** The agent in this process, as tests run it: no EC2 metadata lookups, silent logs unless ARGUS_TEST_LOG is set. */
export function startTestAgent(o: TestAgentOptions): Promise<RunningAgent> {
  const config = resolveConfig(o.file ?? {}, '', {
    sensors: o.sensors,
    env: { ARGUS_ENDPOINT: o.endpoint, ARGUS_KEY: o.key, ARGUS_AGENT_DATA_DIR: o.dataDir, ARGUS_IMDS_ENABLED: 'false', ...o.env },
  });
  return startAgent(config, {
    sensors: o.sensors,
    log: pino({ level: process.env.ARGUS_TEST_LOG ?? 'silent' }),
    tracerIntake: o.tracerIntake ?? false,
  });
}
