import { defineConfig } from 'vitest/config';

/** Scripts that fit model weights (npm run train:talk): run as one long test so they share the TypeScript sources. */
export default defineConfig({
  test: {
    include: ['scripts/**/train-*.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
  },
});
