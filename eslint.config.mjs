import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'data/',
      'models/',
      'vendor/',
      'bin/',
      '*.config.js',
      '.exp/',
      'test-artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // An enabled AsyncLocalStorage turns on Node 20's promise hooks for the whole process: every
    // promise of every turn then costs more (bench/promise-hooks.ts, BENCHMARKS.md).
    files: ['src/**/*.ts', 'skills/**/*.ts'],
    ignores: ['src/channels/sdk-console.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:async_hooks', 'async_hooks'].map((name) => ({
            name,
            importNames: ['AsyncLocalStorage', 'createHook', 'AsyncResource'],
            message:
              'Pass what a turn needs explicitly: an async context makes every promise of every turn dearer (see src/store/postgres/turn-snapshot.ts). sdk-console.ts switches its one off between checks.',
          })),
        },
      ],
    },
  },
);
