import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Next compiles JSX itself ("jsx": "preserve"); the tests need React's automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  // graphql ships ESM and CommonJS; Yoga and Pothos (in-process nodes) load CommonJS, so the
  // tests must too, or graphql sees "another realm".
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/*.test.{ts,tsx}'],
          globalSetup: ['test/support/mysql-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/*.test.ts'],
          globalSetup: ['test/support/mysql-setup.ts', 'test/e2e/build-setup.ts'],
          // One browser scenario at a time: each runs a real cluster and a real web server.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
