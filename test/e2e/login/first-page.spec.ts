/**
 * The sign-in screen comes drawn in the page main serves (electron/window/firstPage.ts), so it
 * shows before the app's script has loaded; the app then takes over those same elements. Held
 * back, the script cannot be what draws the form here; released, the form the user already typed
 * into is the one that signs in.
 */
import type { Page, Route } from '@playwright/test';
import { expect, test } from '../support/loginTest.js';
import { QUICK, signInUi } from '../support/screens.js';

/** Holds the app's script back until `release()`: the page has only what main served. */
async function holdAppScript(page: Page) {
  const held: Route[] = [];
  let released = false;
  await page.route(/\/assets\/index-[^/]+\.js$/, (route) =>
    released ? route.continue() : void held.push(route),
  );
  return {
    async release() {
      released = true;
      await Promise.all(held.map((route) => route.continue()));
    },
  };
}

test('the form shows before the script runs, and the app takes it over as typed', async ({
  appHandle: { page, frames },
  world,
}) => {
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() !== 'log' && problems.push(m.text())));
  page.on('pageerror', (e) => problems.push(e.message));
  const script = await holdAppScript(page);
  await page.reload({ waitUntil: 'commit' });
  const framesBefore = frames().length;

  const ui = signInUi(page);
  await expect(ui.homeserver).toBeVisible(QUICK);
  await expect(ui.continue).toBeVisible();
  // Styled by the app's stylesheet (its scoped classes match): the card has its width limit.
  const cardWidth = () => page.locator('.card').evaluate((card) => getComputedStyle(card).maxWidth);
  const drawnWidth = await cardWidth();
  expect(drawnWidth).not.toBe('none');
  // No script of the app's has run: nothing has asked main for anything.
  expect(frames().length).toBe(framesBefore);

  await ui.homeserver.fill(world.hs1.baseUrl);
  const drawnField = await ui.homeserver.elementHandle();
  await script.release();

  // Main answers the page only once the app's script has run and asked (after taking over).
  await expect.poll(() => frames().length, QUICK).toBeGreaterThan(framesBefore);
  // The same field, still holding what was typed; the typed server is the one looked up.
  expect(await drawnField!.evaluate((field) => field.isConnected)).toBe(true);
  await expect(ui.homeserver).toHaveValue(world.hs1.baseUrl);
  expect(await cardWidth()).toBe(drawnWidth);
  await ui.continue.click();
  await expect(ui.loginServer).toHaveText(world.hs1.baseUrl, QUICK);
  expect(problems).toEqual([]);
});
