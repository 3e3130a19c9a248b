import { defineConfig } from 'vitest/config';

/** Unit tests: pure modules only, in Node. */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
