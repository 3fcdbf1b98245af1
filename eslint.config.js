import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine must run in Node and in a Worker: no DOM, no wall clock, no Math.random.
    files: ['sim-worker/**/*.ts'],
    ignores: ['sim-worker/worker.ts', 'sim-worker/cli.ts', 'sim-worker/bench.ts', 'sim-worker/bench-worker.ts', 'sim-worker/bench-compare.ts', 'sim-worker/bench-compare-worker.ts', 'sim-worker/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'performance', 'self'],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (engine/prng.ts).' },
        { object: 'Date', property: 'now', message: 'Use simulated time.' },
      ],
    },
  },
);
