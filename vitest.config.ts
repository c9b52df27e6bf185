import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A temporary folder for the run (TMPDIR), removed after it; the CLI
    // bundle, made again once if a source changed since the install; and a
    // build cache for this run alone (no state from an earlier one).
    globalSetup: ['test/tmp-setup.ts', 'test/bundle-setup.ts', 'test/cache-setup.ts'],
    // Builds run real validators and a real browser: give them room.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Tests build into their own temporary folders, but a browser per worker
    // is plenty on a 2-core machine.
    maxWorkers: 2,
  },
});
