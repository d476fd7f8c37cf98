/**
 * The typed sensor registry: every sensor package the agent ships. A new technology is one import and one
 * entry here (each package's src/index.ts exports `sensor`).
 */
import type { AnySensor } from '@argus/sensor-kit';
import { sensor as container } from '@argus/sensor-container';
import { sensor as host } from '@argus/sensor-host';
import { sensor as nginx } from '@argus/sensor-nginx';
import { sensor as postgres } from '@argus/sensor-postgres';
import { sensor as processSensor } from '@argus/sensor-process';
import { sensor as redis } from '@argus/sensor-redis';

export const SENSORS: readonly AnySensor[] = [host, processSensor, container, nginx, postgres, redis];
