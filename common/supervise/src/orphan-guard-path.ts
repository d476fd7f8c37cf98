import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the orphan guard preload (`node --import <path> child.ts`): a child started with an IPC
 * channel stops itself (SIGTERM, so it flushes) when its supervisor dies without stopping it.
 */
export const orphanGuardPath = fileURLToPath(new URL('./orphan-guard.ts', import.meta.url));
