/**
 * axe on the OAuth screens, light and dark: Continue with <issuer> (alone, and first next to the
 * password form), waiting for the browser, the device-grant panel (code, link, QR code,
 * countdown), the soft-logout screen of an OAuth session, and Settings → Account. Keyboard: the
 * OAuth button takes focus, and Tab reaches the device grant and Cancel.
 */
import { expectAccessible } from '../support/axe.js';
import { chooseServer, expect, homeUi, QUICK, signInUi, test } from './support/oauthTest.js';
import { signInWithOAuth } from './support/oauthSignIn.js';

test.describe.configure({ timeout: 90_000 });

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} colours`, () => {
    test.use({ colorScheme });

    test('OAuth sign-in screens: methods, waiting, device grant, soft logout, account', async ({
      appHandle: { page },
      oauth,
      opener,
      user,
    }) => {
      const ui = signInUi(page);
      await chooseServer(page, oauth.hs.baseUrl);
      await expect(ui.oauth(oauth.issuerHost)).toBeFocused(QUICK);
      await expectAccessible(page, 'OAuth methods');

      await page.keyboard.press('Enter');
      await opener.next();
      await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);
      await expectAccessible(page, 'waiting for the browser');
      await ui.cancel.click();
      await expect(ui.loginError.or(ui.notice)).toContainText(/cancel/i, QUICK);

      await ui.deviceGrant.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('device-grant')).toBeVisible(QUICK);
      await expectAccessible(page, 'device grant waiting');
      await ui.cancel.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('device-grant')).toBeHidden(QUICK);

      await signInWithOAuth(page, { oauth, opener, user });
      await homeUi(page).settingsNav.click();
      await expect(page.getByRole('region', { name: 'Account' })).toBeVisible(QUICK);
      await expectAccessible(page, 'settings with the account section');

      await oauth.as.revokeAllTokens('alice');
      oauth.hs.setAccountData('alice', 'org.example.wake', { at: 1 });
      await expect(ui.softLogoutHeading).toBeVisible({ timeout: 15_000 });
      await expectAccessible(page, 'soft logout of an OAuth session');
    });
  });
}
