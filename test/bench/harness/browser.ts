/** Debian's Chromium as the e2e tests launch it (playwright.config.ts's bridge project). */
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../../support/chromiumLaunchOptions.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}
