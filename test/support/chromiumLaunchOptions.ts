/**
 * How the tests and benchmarks launch Debian's Chromium (Playwright cannot download its own
 * browser here): one list, so the e2e suite (playwright.config.ts) and the bench measure the
 * same browser. The networking switches keep Chromium from calling out on a closed network.
 */
import type { LaunchOptions } from '@playwright/test';

export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
