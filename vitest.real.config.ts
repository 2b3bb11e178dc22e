/**
 * The real-server tier (`npm run test:real`): the app's core against the real Synapse and Sydent
 * of ../shared/realservers. One set of servers per machine on fixed ports, so the files run one
 * after another; globalSetup starts the servers and stops them at the end.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/real/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
