/** Signing in with OAuth 2.0 the way a user does, for tests that start from a signed-in session. */
import type { Page } from '@playwright/test';
import { chooseServer, expect, QUICK, signInUi } from '../../support/loginTest.js';
import type { OAuthPair } from './oauthTest.js';
import type { ExternalOpener, UserBrowser } from './userBrowser.js';

/**
 * From the sign-in screen: choose the OAuth homeserver (unless chosen already), Continue with its authorization server,
 * and let the user's browser sign in as `username` and allow. Resolves when Home shows.
 */
export async function signInWithOAuth(
  page: Page,
  parts: { oauth: OAuthPair; opener: ExternalOpener; user: UserBrowser },
  username = 'alice',
): Promise<void> {
  // From the server form, or from the methods of the server already chosen.
  if (!(await signInUi(page).loginServer.isVisible())) {
    await chooseServer(page, parts.oauth.hs.baseUrl);
  }
  await signInUi(page).oauth(parts.oauth.issuerHost).click();
  await parts.user.visit(await parts.opener.next());
  await parts.user.logIn(username, `${username}-password`);
  await parts.user.consent('allow');
  await expect(page.getByTestId('session-summary')).toBeVisible(QUICK);
}
