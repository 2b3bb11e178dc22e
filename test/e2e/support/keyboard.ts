/**
 * Driving the app with the keyboard alone, as a user without a mouse does: keys go to whatever
 * has focus, so every step says where focus must be before the next key is pressed.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { QUICK } from './screens.js';

/** Presses `key` and expects focus on `target` afterwards. */
export async function pressAndExpectFocus(page: Page, key: string, target: Locator): Promise<void> {
  await page.keyboard.press(key);
  await expect(target).toBeFocused(QUICK);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, failing after `max` presses: for the
 * stretches of a screen where the exact stops in between are not the point.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  { max = 12, key = 'Tab' }: { max?: number; key?: 'Tab' | 'Shift+Tab' } = {},
): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `reached within ${max} presses of ${key}`).toBeFocused({ timeout: 1 });
}

/** The element that has focus, described for failure messages and assertions. */
export function focusedElement(page: Page): Locator {
  return page.locator('*:focus');
}
