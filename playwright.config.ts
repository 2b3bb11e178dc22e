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
    trace: 'retain-on-failure',
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
