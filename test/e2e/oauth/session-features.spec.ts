/**
 * What an OAuth 2.0 session does besides signing in: Settings → Account opens the authorization
 * server's account pages (MSC4191) with the spec's `action`, through main; the identity-server
 * features work on the OAuth token (change the server, written to the account; look someone up
 * through it with an OpenID token the OAuth homeserver issued).
 */
import {
  changeServerTo,
  identityUi,
  lookUpEmail,
  openIdentitySettings,
} from '../identity/identityTest.js';
import { expect, homeUi, QUICK, test } from './support/oauthTest.js';
import { signInWithOAuth } from './support/oauthSignIn.js';

test.describe.configure({ timeout: 60_000 });

test('Settings → Account opens the server’s account pages with the spec action', async ({
  appHandle: { page },
  oauth,
  opener,
  user,
}) => {
  await signInWithOAuth(page, { oauth, opener, user });
  await homeUi(page).settingsNav.click();
  const account = page.getByRole('region', { name: 'Account' });
  await expect(account).toBeVisible(QUICK);
  const host = new URL(oauth.as.baseUrl).host;
  await expect(account.getByRole('button')).toHaveText([
    'Manage account',
    'Sessions',
    `Change password on your account page at ${host}`,
  ]);

  await account.getByRole('button', { name: 'Manage account' }).click();
  const profile = new URL(await opener.next());
  await account.getByRole('button', { name: 'Sessions' }).click();
  const sessions = new URL(await opener.next());
  // The spec has no password action: the profile page, where the server keeps the password.
  await account.getByRole('button', { name: /^Change password/ }).click();
  const password = new URL(await opener.next());
  expect(password.searchParams.get('action')).toBe('org.matrix.profile');
  expect(password.origin + password.pathname).toBe(`${oauth.as.baseUrl}/account`);
  expect(profile.searchParams.get('action')).toBe('org.matrix.profile');
  expect(sessions.searchParams.get('action')).toBe('org.matrix.devices_list');
  // The world's homeserver publishes the authorization server's /account page.
  expect(profile.origin + profile.pathname).toBe(`${oauth.as.baseUrl}/account`);
  await page.screenshot({ path: test.info().outputPath('account.png'), fullPage: true });
});

test('identity server: change it and look someone up in an OAuth session', async ({
  appHandle: { page },
  world,
  oauth,
  opener,
  user,
}) => {
  const is = world.identityServer!;
  const bob = world.user('bob');
  is.addBinding('email', bob.email!, bob.userId);
  await signInWithOAuth(page, { oauth, opener, user });
  await openIdentitySettings(page);

  await changeServerTo(page, is.baseUrl);
  // Written to the account on the OAuth homeserver, with the session's OAuth token.
  const writes = oauth.hs.requests({ method: 'PUT', path: 'account_data/m.identity_server' });
  expect(writes).toHaveLength(1);
  expect(writes[0]!.authorization).toBe(true);
  expect(writes[0]!.status).toBe(200);
  expect(oauth.hs.getAccountData('alice', 'm.identity_server')).toEqual({ base_url: is.baseUrl });

  await lookUpEmail(page, bob.email!);
  await expect(identityUi(page).lookupResult).toContainText(bob.userId, QUICK);
  // The identity server checked the OpenID token at the OAuth homeserver.
  expect(oauth.hs.requestCount({ path: '/openid/request_token' })).toBeGreaterThan(0);
});

test('3PID screen: an OAuth account’s addresses link to its account page', async ({
  appHandle: { page },
  oauth,
  opener,
  user,
}) => {
  await signInWithOAuth(page, { oauth, opener, user });
  await openIdentitySettings(page);
  const managed = page.getByTestId('threepids-managed-elsewhere');
  await expect(managed).toBeVisible(QUICK);
  const host = new URL(oauth.as.baseUrl).host;
  await managed.getByRole('button', { name: `Open your account page at ${host}` }).click();
  const opened = new URL(await opener.next());
  expect(opened.origin + opened.pathname).toBe(`${oauth.as.baseUrl}/account`);
  expect(opened.searchParams.get('action')).toBe('org.matrix.profile');
});
