/**
 * The authorization server ends the session (the access token expired and the refresh token
 * revoked, so the SDK's refresh is refused): the window shows the soft-logout screen with "Continue with <issuer>",
 * and signing in again there resumes the same device.
 */
import { expect, homeUi, QUICK, signInUi, test } from './support/oauthTest.js';
import { signInWithOAuth } from './support/oauthSignIn.js';

test.describe.configure({ timeout: 60_000 });

test('a refused refresh offers Continue with the issuer and resumes on the same device', async ({
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

  // The access token runs out and the refresh token was revoked: the SDK's refresh is refused.
  expect(await oauth.as.revokeRefreshTokens('alice')).toBeGreaterThan(0);
  expect(await oauth.as.expireAccessTokens({ user: 'alice' })).toBeGreaterThan(0);
  // Wake the session's long-poll so its next request meets the expired token.
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
  // The browser session at the authorization server may still be alive: no password then.
  await user.logInIfAsked('alice', alice.password);
  await user.consent('allow');

  await expect(home.summary).toBeVisible(QUICK);
  await expect(home.deviceId).toHaveText(deviceId);
  expect(oauth.as.registeredClients(), 'the same registration').toHaveLength(1);
  // The refresh was tried (and refused) at the authorization server before the screen changed.
  expect(oauth.as.requests({ method: 'POST', path: '/token' }).some((r) => r.status === 400)).toBe(
    true,
  );
});
