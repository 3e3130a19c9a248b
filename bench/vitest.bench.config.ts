import { defineConfig } from 'vitest/config';

/** Segmentation bench: generated lessons, figures printed to stdout. Run: npx vitest run --config bench/vitest.bench.config.ts */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    reporters: ['verbose'],
  },
});
