import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Next compiles JSX itself ("jsx": "preserve"); the tests need React's automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
  },
});
