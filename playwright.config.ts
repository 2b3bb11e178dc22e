import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromiumLaunchOptions.js';

/**
 * Two projects: `bridge` drives the built renderer in Debian's Chromium through the test bridge
 * (always runs); `electron` launches the real app and skips, saying why, where Electron's binary
 * cannot be had.
 */
export default defineConfig({
  testDir: 'test',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  reporter: [['list']],
  use: {
    // A failed test keeps its trace (actions, DOM snapshots, network, console) and a screenshot.
    // The trace's screencast film strip is left out: recording it streamed and wrote frames for
    // every test, passing ones included, and cost about a third of the suite's CPU (Chromium
    // encoding, the worker writing), on a CI run that is CPU-bound on two cores.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'bridge',
      testMatch: 'e2e/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: chromiumLaunchOptions,
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
