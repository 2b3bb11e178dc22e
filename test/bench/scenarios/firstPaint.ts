/**
 * first-paint: the built renderer in Chromium through the bridge (signed out), from navigation
 * start to the frame in which the sign-in form's Homeserver field is first rendered visible
 * (the requestAnimationFrame after it appears, performance.now() is relative to navigation
 * start). A fresh browser context each run, so nothing comes from a cache. The bridge serves
 * the renderer locally: no added delay applies here (no server is asked before the form shows).
 */
import { startBridgedApp } from '../../bridge/startBridgedApp.js';
import { createRecordingLogger } from '../../node-platform/createNodePlatform.js';
import { launchChromium } from '../harness/browser.js';
import { measure } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

declare global {
  interface Window {
    __benchFormShownAt?: number;
  }
}

function recordFormShown() {
  const observer = new MutationObserver(() => {
    const label = [...document.querySelectorAll('label')].find(
      (l) => l.textContent?.trim() === 'Homeserver',
    );
    const field = label?.control;
    if (!field || field.getClientRects().length === 0) return;
    observer.disconnect();
    requestAnimationFrame(() => (window.__benchFormShownAt = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true });
}

export const firstPaint: Scenario = {
  name: 'first-paint',
  what: 'built renderer in Chromium: navigation start → sign-in form visible',
  async run(ctx) {
    const app = await startBridgedApp({ log: createRecordingLogger() });
    const browser = await launchChromium();
    const values: number[] = [];
    try {
      const runs = Math.max(ctx.runs, 10);
      for (let run = 0; run <= runs; run += 1) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(recordFormShown);
        await page.goto(app.bridge.url);
        await page.waitForFunction(() => window.__benchFormShownAt !== undefined);
        const ms = await page.evaluate(() => window.__benchFormShownAt!);
        if (run > 0) values.push(ms); // run 0 warms the browser process up
        await context.close();
      }
    } finally {
      await browser.close();
      await app.close();
    }
    ctx.progress(values.map((v) => v.toFixed(0)).join(', '));
    return [
      measure(
        {
          name: 'first-paint',
          unit: 'ms',
          values,
          withP99: true,
          targets: [{ stat: 'median', max: 150 }],
        },
        ctx.overrides,
      ),
    ];
  },
};
