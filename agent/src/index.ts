export { startAgent, type RunningAgent, type StartOptions } from './agent.js';
export { loadAgentConfig, resolveConfig, DEFAULT_CONFIG_PATH } from './config/load.js';
export type { AgentConfig } from './config/schema.js';
export { AgentError } from './config/errors.js';
export { SENSORS } from './sensors.js';
