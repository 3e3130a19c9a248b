import { defineConfig } from 'vitest/config';

/** Browser journeys: the built app served by `vite preview`, driven in Debian's Chromium. */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has two cores and the tests measure real playback.
    fileParallelism: false,
  },
});
