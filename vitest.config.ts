import { defineConfig } from 'vitest/config';

export default defineConfig({
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
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
