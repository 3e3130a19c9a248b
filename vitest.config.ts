import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Unit tests: pure modules, and the runes classes of `*.svelte.ts` files, in Node. Those are compiled
 * as the browser gets them (client output: `$state` proxies and all), not as server-rendered code,
 * so a test sees what the app does.
 */
export default defineConfig({
  plugins: [svelte({ compilerOptions: { runes: true }, dynamicCompileOptions: () => ({ generate: 'client' }) })],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
