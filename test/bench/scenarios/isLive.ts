/**
 * is-live: another device writes m.identity_server (the homeserver's control API plays it,
 * which wakes the app's /sync long-poll) 200 times, alternating between two identity servers;
 * each time, from the write until the open settings screen in Chromium (through the bridge)
 * renders the new server (the requestAnimationFrame after the text changed). Before each write
 * the app is parked in its long-poll (a barrier on the homeserver's pending syncs, not a sleep),
 * so each figure is one woken long-poll: one round trip of the added delay plus the app's work.
 * Target: p50 ≤ delay + 20 ms, p99 ≤ delay + 100 ms.
 */
import { startBridgedApp } from '../../bridge/startBridgedApp.js';
import { createRecordingLogger } from '../../node-platform/createNodePlatform.js';
import { startIdentityServer } from '../../fixtures/index.js';
import { IS_EVENT } from '../harness/benchWorld.js';
import { launchChromium } from '../harness/browser.js';
import { measure } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { ACCOUNTS, startAccountsWorld } from './isReady.js';

const CHANGES = 200;

declare global {
  interface Window {
    __benchExpect?: string;
    __benchSeenAt?: number;
  }
}

/** In the page: timestamp (wall clock, as the write's) the frame that shows __benchExpect. */
function watchSummary() {
  const observer = new MutationObserver(() => {
    const expected = window.__benchExpect;
    if (!expected || window.__benchSeenAt !== undefined) return;
    const summary = document.querySelector('[data-testid="identity-summary"]');
    if (!summary?.textContent?.includes(expected)) return;
    window.__benchExpect = undefined;
    requestAnimationFrame(() => (window.__benchSeenAt = Date.now()));
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
}

export const isLive: Scenario = {
  name: 'is-live',
  what: `another device changes m.identity_server ${CHANGES} times → settings screen shows it`,
  async run(ctx) {
    const account = ACCOUNTS[0];
    const world = await startAccountsWorld(ctx.delayMs);
    const secondIs = await startIdentityServer({ label: 'identity 2' });
    if (ctx.delayMs > 0) secondIs.addResponseLatency(ctx.delayMs);
    const app = await startBridgedApp({ log: createRecordingLogger() });
    const browser = await launchChromium();
    const values: number[] = [];
    try {
      await app.core.handlers.discover({ server: world.portal.baseUrl });
      await app.core.handlers.loginWithPassword({
        identifier: account.username,
        password: account.password,
      });
      const page = await browser.newPage();
      await page.goto(app.bridge.url);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByTestId('identity-summary').waitFor();
      await page.evaluate(watchSummary);
      const servers = [secondIs.baseUrl, world.identityServer!.baseUrl];
      for (let i = 0; i < CHANGES; i += 1) {
        const url = servers[i % 2]!;
        while (world.hs1.pendingSyncs(account.username) === 0) {
          await new Promise((r) => setTimeout(r, 2));
        }
        await page.evaluate((expected) => {
          window.__benchSeenAt = undefined;
          window.__benchExpect = expected;
        }, url);
        const writtenAt = Date.now();
        world.hs1.setAccountData(account.username, IS_EVENT, { base_url: url });
        await page.waitForFunction(() => window.__benchSeenAt !== undefined);
        values.push((await page.evaluate(() => window.__benchSeenAt!)) - writtenAt);
      }
    } finally {
      await browser.close();
      await app.close();
      await secondIs.close();
      await world.close();
    }
    ctx.progress(`min ${Math.min(...values)} ms, max ${Math.max(...values)} ms`);
    return [
      measure(
        {
          name: 'is-live',
          unit: 'ms',
          values,
          withP99: true,
          targets: [
            { stat: 'median', max: ctx.delayMs + 20 },
            { stat: 'p99', max: ctx.delayMs + 100 },
          ],
          note: `round trip = the added delay (${ctx.delayMs} ms)`,
        },
        ctx.overrides,
      ),
    ];
  },
};
