import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preactAlias } from './ui/build/preact-alias.js';

// Testing Library's ES module build: its react / react-dom imports go through the alias (the CommonJS one would not)
const testingLibrary = join(
  dirname(createRequire(fileURLToPath(new URL('./ui/package.json', import.meta.url))).resolve('@testing-library/react/package.json')),
  'dist/@testing-library/react.esm.js',
);

export default defineConfig({
  // the web UI's component tests render with what ships: React's API through preact/compat
  resolve: { alias: [{ find: /^@testing-library\/react$/, replacement: testingLibrary }, ...preactAlias] },
  test: {
    include: [
      'collector/src/**/*.test.ts',
      'agent/src/**/*.test.ts',
      'common/*/src/**/*.test.ts',
      'sensors/*/src/**/*.test.ts',
      'test/**/*.test.ts',
      // the web UI's unit tests (components in happy-dom: `// @vitest-environment happy-dom` at the top of the file)
      'ui/src/**/*.test.{ts,tsx}',
      'ui/build/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    server: { deps: { inline: [/@testing-library\/react/] } },
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
