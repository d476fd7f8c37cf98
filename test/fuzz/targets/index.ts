/** Every fuzz target, in report order. */
import type { FuzzTarget } from '../harness.js';
import { agentConfig, tracerIntake } from './agent.js';
import { agentEntities, eumBeacons } from './collector-json.js';
import { apiParams, nginxConf } from './parsers.js';

export const TARGETS: readonly FuzzTarget[] = [eumBeacons, agentEntities, tracerIntake, apiParams, agentConfig, nginxConf];
