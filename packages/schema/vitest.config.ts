import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships both ESM and CommonJS; Pothos and Yoga load the CommonJS build, so the tests
  // must too, or graphql finds "another realm" and refuses its own scalars.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
