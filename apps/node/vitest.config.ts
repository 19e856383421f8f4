import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships ESM and CommonJS builds; load one copy (see packages/schema/vitest.config.ts).
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    globalSetup: ['./test/support/global-setup.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
