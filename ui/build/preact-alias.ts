import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/**
 * The UI renders with Preact through preact/compat instead of React DOM: the same components, hooks and
 * libraries (TanStack Router/Query, @xyflow/react), ~200 KB less JavaScript to compile and run on a first visit
 * (bench/ui: the first route's entry went from 264 KB to 52 KB raw). One list for the build (vite.config.ts) and
 * the component tests (vitest.config.ts), so the tests run what ships.
 */
const preactDir = dirname(createRequire(import.meta.url).resolve('preact/package.json'));

export const preactAlias = [
  { find: /^react-dom\/client$/, replacement: `${preactDir}/compat/client.mjs` },
  { find: /^react-dom\/test-utils$/, replacement: `${preactDir}/test-utils/dist/testUtils.mjs` },
  { find: /^react\/jsx-runtime$/, replacement: `${preactDir}/compat/jsx-runtime.mjs` },
  { find: /^react\/jsx-dev-runtime$/, replacement: `${preactDir}/compat/jsx-dev-runtime.mjs` },
  { find: /^react-dom$/, replacement: `${preactDir}/compat/dist/compat.mjs` },
  { find: /^react$/, replacement: `${preactDir}/compat/dist/compat.mjs` },
];
