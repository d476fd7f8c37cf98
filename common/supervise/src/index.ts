export { spawnChild, type ChildHandle, type ChildSpec, type ChildExit } from './child.js';
export { isPortFree, findFreePort, assertPortsFree, PortInUseError, type PortClaim } from './ports.js';
export { waitFor, waitForHttp, type WaitOptions } from './wait.js';
export { stopInOrder } from './stop.js';
export { descendantPids, isAlive, isSameAlive, startTicks } from './proc-tree.js';
export { orphanGuardPath } from './orphan-guard-path.js';
export { COLLECTOR_NODE_FLAGS } from './collector-node-flags.js';
export { mallocEnv, MALLOC_DEFAULTS } from './malloc-env.js';
