/** Node-side entry of @argus/eum: the snippet generator and where the built script lives. */
import { fileURLToPath } from 'node:url';

export { snippet, type SnippetOptions } from './browser/snippet/snippet.js';

/** absolute path of the built, minified script (run `pnpm --filter @argus/eum build` first) */
export const eumScriptPath = fileURLToPath(new URL('../dist/eum.js', import.meta.url));
/** build metadata: `{ version, bytes, gzipBytes }` */
export const eumMetaPath = fileURLToPath(new URL('../dist/eum.meta.json', import.meta.url));
