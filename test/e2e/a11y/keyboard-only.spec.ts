/**
 * The whole app by keyboard alone: sign in with a password, open Settings, change the identity
 * server (accepting its terms) and disable it. Only `page.keyboard` acts on the page; every step
 * checks where focus is, as a keyboard user would see it, and the servers' state proves each
 * action took effect.
 */
import {
  DEFAULT_POLICY_NAMES,
  expect,
  homeUi,
  IDENTITY_EVENT,
  identityUi,
  QUICK,
  requireIs,
  signInUi,
  summaryFor,
  test,
} from '../identity/identityTest.js';
import { pressAndExpectFocus, tabTo } from '../support/keyboard.js';

test.describe.configure({ timeout: 60_000 });

test('signs in, changes the identity server and disables it without a mouse', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const alice = world.user('alice');
  const signIn = signInUi(page);
  const home = homeUi(page);
  const ui = identityUi(page);
  const keyboard = page.keyboard;

  // Sign in: the server field has focus from the start; Enter submits each form.
  await expect(signIn.homeserver).toBeFocused(QUICK);
  await keyboard.type(world.portal.baseUrl);
  await pressAndExpectFocus(page, 'Enter', signIn.identifier);
  await keyboard.type('alice');
  await pressAndExpectFocus(page, 'Tab', signIn.password);
  await keyboard.type(alice.password);
  await pressAndExpectFocus(page, 'Enter', page.getByRole('heading', { level: 1, name: 'Home' }));
  await expect(home.summary).toBeVisible();

  // The main navigation is just before the page's heading.
  await pressAndExpectFocus(page, 'Shift+Tab', home.settingsNav);
  await pressAndExpectFocus(
    page,
    'Enter',
    page.getByRole('heading', { level: 1, name: 'Settings' }),
  );
  await expect(ui.summary).toHaveText(summaryFor.login(requireIs(world).baseUrl), QUICK);

  // Change: type the server, Enter checks it, and focus moves to its terms.
  await tabTo(page, ui.server);
  await keyboard.type(secondIs.baseUrl);
  await pressAndExpectFocus(
    page,
    'Enter',
    ui.terms.getByRole('heading', { name: `Use ${secondIs.baseUrl}?` }),
  );
  for (const name of DEFAULT_POLICY_NAMES) {
    await pressAndExpectFocus(page, 'Tab', ui.acceptPolicy(name));
    await keyboard.press('Space');
    await expect(ui.acceptPolicy(name)).toBeChecked();
    await pressAndExpectFocus(page, 'Tab', ui.policyLink(name));
  }
  await pressAndExpectFocus(page, 'Tab', ui.useThisServer);
  await keyboard.press('Enter');
  await expect(ui.status).toHaveText(`Now using ${secondIs.baseUrl}.`, QUICK);
  await expect(ui.terms).toBeHidden();
  // Focus goes back to where the change started, not to the top of the page.
  await expect(ui.server).toBeFocused();
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({
    base_url: secondIs.baseUrl,
  });

  // Disable: the dialog takes focus; Escape closes it and gives focus back.
  await tabTo(page, ui.disable);
  await pressAndExpectFocus(page, 'Enter', ui.cancelDisable);
  await pressAndExpectFocus(page, 'Escape', ui.disable);
  await expect(ui.dialog).toBeHidden();
  await pressAndExpectFocus(page, 'Enter', ui.cancelDisable);
  await pressAndExpectFocus(page, 'Shift+Tab', ui.confirmDisable);
  await keyboard.press('Enter');
  await expect(ui.dialog).toBeHidden(QUICK);
  await expect(ui.status).toHaveText('Identity server disabled for your account.');
  // The Disable button is gone with the server: focus lands on the section's heading.
  await expect(page.getByRole('heading', { level: 2, name: 'Identity server' })).toBeFocused();
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({ base_url: null });
});
