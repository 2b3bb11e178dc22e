/**
 * Playwright fixture: the app's core hosted in the test worker behind the bridge, the built
 * renderer in Chromium, and every frame the page received recorded (to prove no token reached
 * it). `restartApp` is a restart: a new core on the same data directory.
 */
import { test as base, type Page } from '@playwright/test';
import {
  startBridgedApp,
  type BridgedApp,
  type BridgedAppOptions,
} from '../../bridge/startBridgedApp.js';

export interface AppHandle {
  app: BridgedApp;
  page: Page;
  /** Every frame sent to any page during the test, across restarts. */
  frames(): string[];
  restartApp(): Promise<void>;
}

export const test = base.extend<{ appOptions: BridgedAppOptions; appHandle: AppHandle }>({
  appOptions: [{}, { option: true }],
  appHandle: async ({ page, appOptions }, use) => {
    const allFrames: string[][] = [];
    let app = await startBridgedApp({ ...appOptions, record: true });
    allFrames.push(app.bridge.sentFrames);
    await page.goto(app.bridge.url);
    const handle: AppHandle = {
      get app() {
        return app;
      },
      page,
      frames: () => allFrames.flat(),
      async restartApp() {
        await app.close();
        app = await startBridgedApp({ ...appOptions, dataDir: app.dataDir, record: true });
        allFrames.push(app.bridge.sentFrames);
        await page.goto(app.bridge.url);
      },
    };
    await use(handle);
    await app.close();
  },
});

export { expect } from '@playwright/test';
