import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real-server tier has its own config (vitest.real.config.ts, npm run test:real).
    exclude: [...configDefaults.exclude, 'test/real/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Fixture servers bind ephemeral loopback ports, so files can run in parallel safely.
    pool: 'forks',
  },
});
