/**
 * Focus follows what the user needs next: an error takes focus when it appears (and again for the
 * next error); a panel or dialog takes focus when it opens; closing it (Escape, Cancel, or done)
 * gives focus back to the control that opened it; stopping an action in progress leaves focus in
 * the form. Driven by keyboard, so these are the paths a keyboard user takes.
 */
import {
  expect,
  IDENTITY_EVENT,
  IDENTITY_EVENT_PATH,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  sessionIsSyncing,
  signInAtPortal,
  signInUi,
  summaryFor,
  test,
} from '../identity/identityTest.js';
import { pressAndExpectFocus, tabTo } from '../support/keyboard.js';
import { test as signInTest } from '../support/loginTest.js';

test.describe.configure({ timeout: 60_000 });

test('sign-in errors take focus, each time one appears', async ({ appHandle: { page }, world }) => {
  const ui = signInUi(page);
  await expect(ui.homeserver).toBeFocused(QUICK);
  await pressAndExpectFocus(page, 'Enter', ui.discoverError);
  await expect(ui.discoverError).toContainText(/enter the name or address/i);
  // The alert sits between the field and the button: Tab goes on to the button, and the alert
  // itself is not a Tab stop, so Shift+Tab goes straight back to the field.
  await pressAndExpectFocus(page, 'Tab', ui.continue);
  await pressAndExpectFocus(page, 'Shift+Tab', ui.homeserver);

  await page.keyboard.type(world.portal.baseUrl);
  await pressAndExpectFocus(page, 'Enter', ui.identifier);
  await page.keyboard.type('alice');
  await pressAndExpectFocus(page, 'Tab', ui.password);
  await page.keyboard.type('not-her-password');
  await pressAndExpectFocus(page, 'Enter', ui.loginError);
  await expect(ui.loginError).toContainText(new URL(world.portal.baseUrl).host);

  // A second failure is a new error: focus comes back to the alert.
  await tabTo(page, ui.password);
  await page.keyboard.type('-again');
  await page.keyboard.press('Enter');
  await expect(ui.loginError).toBeFocused(QUICK);
});

test('stopping a sign-in in progress keeps focus in the form', async ({
  appHandle: { page },
  world,
}) => {
  const ui = signInUi(page);
  // Held far longer than the test takes; closing the servers ends it.
  world.portal.addLatency(60_000, '/_matrix/client/versions');
  await expect(ui.homeserver).toBeFocused(QUICK);
  await page.keyboard.type(world.portal.baseUrl);
  await page.keyboard.press('Enter');
  await expect(ui.progress).not.toBeEmpty(QUICK);
  await pressAndExpectFocus(page, 'Tab', ui.cancel);
  await page.keyboard.press('Enter');
  await expect(ui.progress).toBeEmpty(QUICK);
  // The Cancel button is gone; focus is back on the field the user was in, not lost to the page.
  await expect(ui.homeserver).toBeFocused();
});

signInTest(
  'stopping single sign-on while the browser is open keeps focus on the sign-in methods',
  async ({ appHandle: { page }, world, systemBrowser }) => {
    systemBrowser.mode = 'ignore';
    const ui = signInUi(page);
    await expect(ui.homeserver).toBeFocused(QUICK);
    await page.keyboard.type(world.portal.baseUrl);
    await pressAndExpectFocus(page, 'Enter', ui.identifier);
    await tabTo(page, ui.sso('Test IdP'));
    await page.keyboard.press('Enter');
    await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);
    await tabTo(page, ui.cancel);
    await page.keyboard.press('Enter');
    await expect(ui.progress).toBeEmpty(QUICK);
    // What the cancel says takes focus if it is an error; otherwise the SSO button has it back.
    await expect(ui.loginError.or(ui.sso('Test IdP'))).toBeFocused(QUICK);
  },
);

test('settings: errors take focus; the terms panel and the disable dialog give focus back', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  const ui = identityUi(page);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await expect(ui.summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);

  // An empty check is an error, focused.
  await tabTo(page, ui.check);
  await pressAndExpectFocus(page, 'Enter', ui.error);

  // Terms opened from a button: focus to the panel's title; Cancel gives it back to the button.
  await tabTo(page, ui.useDefault);
  await pressAndExpectFocus(
    page,
    'Enter',
    ui.terms.getByRole('heading', { name: `Use ${is.baseUrl}?` }),
  );
  await tabTo(page, ui.cancelTerms);
  await pressAndExpectFocus(page, 'Enter', ui.useDefault);
  await expect(ui.terms).toBeHidden();

  // The disable dialog: focus inside on open; Escape closes it and focus returns to its opener.
  await tabTo(page, ui.disable);
  await pressAndExpectFocus(page, 'Enter', ui.cancelDisable);
  await expect(page.getByRole('dialog', { name: 'Disable the identity server?' })).toBeVisible();
  await pressAndExpectFocus(page, 'Escape', ui.disable);
  await expect(ui.dialog).toBeHidden();
  // Its Cancel button does the same.
  await pressAndExpectFocus(page, 'Enter', ui.cancelDisable);
  await pressAndExpectFocus(page, 'Enter', ui.disable);
  await expect(ui.dialog).toBeHidden();

  // An error inside the dialog takes focus there.
  world.hs1.injectFault({ kind: 'fail', method: 'PUT', path: IDENTITY_EVENT_PATH, status: 500 });
  await pressAndExpectFocus(page, 'Enter', ui.cancelDisable);
  await pressAndExpectFocus(page, 'Shift+Tab', ui.confirmDisable);
  const disableError = page.getByTestId('disable-error');
  await pressAndExpectFocus(page, 'Enter', disableError);
  await expect(disableError).toContainText(new URL(world.hs1.baseUrl).host);
  await pressAndExpectFocus(page, 'Escape', ui.disable);
  world.hs1.clearFaults();

  // Another device disables the server: the focused Disable button goes with it, and focus
  // moves back to the last control the user was on that is still there.
  await sessionIsSyncing(world.hs1, 'alice');
  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
  await expect(ui.disable).toBeHidden(QUICK);
  await expect(ui.useDefault).toBeFocused();
  // Dismissing the notice removes its button too: focus goes back to where the user came from.
  await tabTo(page, ui.bannerDismiss, { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await expect(ui.banner).toBeHidden(QUICK);
  // (Shift+Tab came from the server field, just after the notice.)
  await expect(ui.server).toBeFocused();
});
