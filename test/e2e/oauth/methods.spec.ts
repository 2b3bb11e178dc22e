/**
 * What the sign-in screen offers for a server that delegates sign-in to an OAuth 2.0
 * authorization server: "Continue with <its host>", first and primary when the server prefers
 * OAuth (no legacy API, or MSC3824's oauth_aware_preferred on its SSO flow), after the legacy
 * methods otherwise; "Sign in on another device" where the device grant is offered.
 */
import { chooseServer, expect, oauthWorld, QUICK, signInUi, test } from './support/oauthTest.js';

test.describe.configure({ timeout: 30_000 });

test('an OAuth-only server: Continue with its authorization server, focused, and the device grant', async ({
  appHandle: { page },
  oauth,
}, testInfo) => {
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await expect(ui.oauth(oauth.issuerHost)).toBeVisible(QUICK);
  await expect(ui.oauth(oauth.issuerHost)).toBeFocused();
  await expect(ui.oauth(oauth.issuerHost)).toHaveClass(/primary/);
  await expect(ui.deviceGrant).toBeVisible();
  await expect(ui.identifier).toBeHidden();
  await expect(ui.noLoginFlows).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('oauth-only.png') });
});

test.describe('a hybrid server that prefers OAuth (MSC3824)', () => {
  test.use({ worldOptions: oauthWorld({ mode: 'hybrid' }) });

  test('puts OAuth first and primary, the password form after it', async ({
    appHandle: { page },
    oauth,
  }, testInfo) => {
    const ui = signInUi(page);
    await chooseServer(page, oauth.hs.baseUrl);
    const continueOAuth = ui.oauth(oauth.issuerHost);
    await expect(continueOAuth).toBeFocused(QUICK);
    await expect(continueOAuth).toHaveClass(/primary/);
    await expect(ui.identifier).toBeVisible();
    // In document (and Tab) order, OAuth comes before the password form.
    const order = await page.evaluate(() => {
      const oauthButton = [...document.querySelectorAll('button')].find((b) =>
        b.textContent?.includes('Continue with'),
      )!;
      const password = document.querySelector('input[type=password]')!;
      return oauthButton.compareDocumentPosition(password) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order, 'the OAuth button precedes the password field').toBeTruthy();
    await page.screenshot({ path: testInfo.outputPath('hybrid.png') });
  });
});
