/**
 * The sign-in tests' fixture: the bridged app (bridgedPage.ts) plus a world of test servers
 * (portal, hs1, hs2, identity server) started for each test, a fake system browser for SSO, and
 * the app configured to trust the world's CA and to open URLs in that browser.
 *
 *   test.use({ worldOptions: { tls: true } });
 *   test('…', async ({ appHandle: { page }, world, systemBrowser }) => { … });
 */
import { expect, type Page } from '@playwright/test';
import { startWorld, type World, type WorldOptions } from '../../fixtures/index.js';
import { createRecordingLogger } from '../../node-platform/createNodePlatform.js';
import { test as base } from './bridgedPage.js';
import { createFakeBrowser, type FakeBrowser } from './fakeBrowser.js';
import { eventually, homeUi, QUICK, signInUi } from './screens.js';

export type AppLog = ReturnType<typeof createRecordingLogger>;

export const test = base.extend<{
  worldOptions: WorldOptions;
  world: World;
  systemBrowser: FakeBrowser;
  /** What the app's core logged (kept, not printed; attached to a failed test's report). */
  appLog: AppLog;
}>({
  worldOptions: [{}, { option: true }],
  world: async ({ worldOptions }, use) => {
    const world = await startWorld(worldOptions);
    await use(world);
    await world.close();
  },
  systemBrowser: async ({ world }, use) => {
    const browser = createFakeBrowser({ caPem: world.caPem });
    await use(browser);
    await browser.close();
  },
  // eslint-disable-next-line no-empty-pattern
  appLog: async ({}, use, testInfo) => {
    const log = createRecordingLogger();
    await use(log);
    if (testInfo.status !== testInfo.expectedStatus && log.lines.length > 0) {
      await testInfo.attach('app-log', { body: log.lines.join('\n'), contentType: 'text/plain' });
    }
  },
  appOptions: async ({ world, systemBrowser, appLog }, use) => {
    await use({
      extraCaPem: world.caPem,
      hosts: world.hosts,
      openExternal: (url) => systemBrowser.open(url),
      log: appLog,
    });
  },
});

export { expect };

/** How long a UI that reacts to a local server may take (they answer in milliseconds). */

export async function chooseServer(page: Page, server: string): Promise<void> {
  const ui = signInUi(page);
  await ui.homeserver.fill(server);
  await ui.continue.click();
  await expect(ui.loginServer).toBeVisible(QUICK);
}

/** Fills the password form and submits it (the outcome is the caller's to check). */
export async function submitPassword(
  page: Page,
  identifier: string,
  password: string,
): Promise<void> {
  const ui = signInUi(page);
  await ui.identifier.fill(identifier);
  await ui.password.fill(password);
  await ui.signIn.click();
}

export const routedSummary = (userId: string, portal: string, target: string) =>
  `Signed in as ${userId} via ${portal}, served by ${target}`;

export const directSummary = (userId: string, server: string) =>
  `Signed in as ${userId} on ${server}`;

export { eventually, homeUi, QUICK, signInUi };
