/**
 * The authorization server ends the session (every token of the user revoked, so the SDK's
 * refresh is refused too): the window shows the soft-logout screen with "Continue with <issuer>",
 * and signing in again there resumes the same device.
 */
import { expect, homeUi, QUICK, signInUi, test } from './support/oauthTest.js';
import { signInWithOAuth } from './support/oauthSignIn.js';

test.describe.configure({ timeout: 60_000 });

test('a revoked session offers Continue with the issuer and resumes on the same device', async ({
  appHandle: { page },
  world,
  oauth,
  opener,
  user,
}) => {
  await signInWithOAuth(page, { oauth, opener, user });
  const home = homeUi(page);
  const deviceId = (await home.deviceId.textContent())!;
  const alice = world.oauthUsers!.find((u) => u.username === 'alice')!;

  expect(await oauth.as.revokeAllTokens('alice')).toBeGreaterThan(0);
  // Wake the session's long-poll so its next request meets the revoked token.
  oauth.hs.setAccountData('alice', 'org.example.wake', { at: 1 });

  const ui = signInUi(page);
  await expect(ui.softLogoutHeading).toBeVisible({ timeout: 15_000 });
  await expect(ui.softLogoutSummary).toContainText(alice.userId);
  const again = ui.oauth(oauth.issuerHost);
  await expect(again).toBeFocused();
  await expect(ui.identifier, 'no password form for an OAuth session').toBeHidden();
  await page.screenshot({ path: test.info().outputPath('soft-logout.png') });

  await again.click();
  const url = new URL(await opener.next());
  expect(url.searchParams.get('scope')).toContain(`urn:matrix:client:device:${deviceId}`);
  await user.visit(url.toString());
  await user.logIn('alice', alice.password);
  await user.consent('allow');

  await expect(home.summary).toBeVisible(QUICK);
  await expect(home.deviceId).toHaveText(deviceId);
  expect(oauth.as.registeredClients(), 'the same registration').toHaveLength(1);
});
