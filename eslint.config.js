// ESLint for the whole workspace: typescript-eslint's strict type-aware rules on every TypeScript file, React
// rules for ui/, plain recommended rules for the few JavaScript files; Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/.out/**', 'coverage/**', 'test/fuzz/corpus/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // numbers in template literals are the norm in SQL and log text
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Off, each for a reason: `() => void x` and `return res.json()` are idioms, not bugs
      // (no-confusing-void-expression); `noUncheckedIndexedAccess` is off, so the checker believes every index read
      // is defined and would flag each `?? fallback` on one as unnecessary (no-unnecessary-condition); a `!` after a
      // lookup whose key was just set is clearer than a branch that cannot run (no-non-null-assertion).
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // ClickHouse answers 64-bit integers as JSON strings, so a row typed `number` can hold a string at run time:
      // the `Number(row.n)` conversions this rule calls unnecessary are what makes them numbers.
      '@typescript-eslint/no-unnecessary-type-conversion': 'off',
    },
  },
  {
    // Tests and benchmarks read HTTP JSON and fixtures as `any` on purpose (the shape under test is what they
    // assert); the any-propagation rules stay on for shipped code.
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // OpenTelemetry's packages ship CommonJS and ESM declarations: the SDK's (CommonJS) types and a test's (ESM)
      // imports declare SpanKind, SpanStatusCode and the exporter classes twice, identical, which these rules take for
      // different types (tsc accepts them). Only tests build spans and exporters by hand.
      '@typescript-eslint/no-unsafe-enum-assignment': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
    },
  },
  {
    files: ['ui/**/*.tsx', 'ui/**/*.ts'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: 'detect' } },
    languageOptions: { globals: globals.browser },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);
