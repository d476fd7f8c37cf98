import { fileURLToPath } from 'node:url';

/** The repository root (launcher/src/../..). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
