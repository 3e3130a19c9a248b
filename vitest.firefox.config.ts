import { defineConfig } from 'vitest/config';

/** Firefox journeys: the built app served by `vite preview`, driven in Debian's Firefox ESR over WebDriver BiDi. */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    // One browser at a time: the machine has two cores and the tests measure real playback.
    fileParallelism: false,
  },
});
