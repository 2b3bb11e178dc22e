import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Fixture servers bind ephemeral loopback ports, so files can run in parallel safely.
    pool: 'forks',
  },
});
