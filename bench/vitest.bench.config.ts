import { defineConfig } from 'vitest/config';

/** Benches: figures printed to stdout as ratios against native baselines. Run: npm run bench */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    // Browser benches use the built app served by vite preview, as the browser tests do.
    globalSetup: ['tests/browser/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 3_600_000,
    // Setup hooks make the hour-long files the first time (minutes) and start Chromium.
    hookTimeout: 1_800_000,
    reporters: ['verbose'],
  },
});
