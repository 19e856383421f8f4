import { defineConfig } from 'vitest/config';

// The simulator tests are CPU-bound and split into several files so vitest spreads them over
// the machine's cores; each file gets a generous timeout (the budget is 3 minutes).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 170_000,
    // The simulator files are CPU-bound: use both cores of the CI machine.
    maxWorkers: 2,
  },
});
