import { defineConfig } from 'vitest/config';

/**
 * WebKit checks: the built app served by `vite preview`, in WebKitGTK's MiniBrowser (Safari's engine)
 * under Xvfb, through WebKitWebDriver or on an on-disk profile (tests/webkit/harness.ts).
 */
export default defineConfig({
  test: {
    include: ['tests/webkit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/webkit/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
