/**
 * OAuth 2.0 sign-in in the user's browser (authorization code + PKCE, loopback redirect), end to
 * end through the bridge against the real test authorization server: discover → register →
 * authorize (the user's browser fills the server's own login and consent pages) → callback →
 * signed in → restart → sign-out revokes the tokens (no /logout). And cancelling the wait.
 */
import {
  chooseServer,
  directSummary,
  eventually,
  expect,
  expectReturnedToApp,
  homeUi,
  QUICK,
  signInUi,
  test,
  tryRefreshToken,
} from './support/oauthTest.js';

test.describe.configure({ timeout: 60_000 });

test('signs in at the authorization server, survives a restart, and sign-out revokes the tokens', async ({
  appHandle,
  world,
  oauth,
  opener,
  user,
}) => {
  const { page } = appHandle;
  const alice = world.oauthUsers!.find((u) => u.username === 'alice')!;
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.oauth(oauth.issuerHost).click();

  const authorizationUrl = new URL(await opener.next());
  expect(authorizationUrl.origin).toBe(new URL(oauth.as.issuer).origin);
  const query = authorizationUrl.searchParams;
  expect(query.get('code_challenge_method')).toBe('S256');
  expect(query.get('response_type')).toBe('code');
  const redirect = new URL(query.get('redirect_uri')!);
  expect(redirect.protocol).toBe('http:');
  expect(redirect.hostname).toBe('127.0.0.1');
  const scopes = query.get('scope')!.split(' ');
  expect(scopes).toContain('urn:matrix:client:api:*');
  const deviceScope = scopes.find((s) => s.startsWith('urn:matrix:client:device:'));
  expect(deviceScope, 'a device scope with an id the app chose').toBeDefined();
  await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);
  await expect(page.getByText(/Finish signing in in the browser/)).toBeVisible();

  await user.visit(authorizationUrl.toString());
  await user.logIn('alice', alice.password);
  await user.consent('allow');
  await expectReturnedToApp(user);

  const home = homeUi(page);
  await expect(home.summary).toHaveText(directSummary(alice.userId, oauth.hs.baseUrl), QUICK);
  const deviceId = deviceScope!.slice('urn:matrix:client:device:'.length);
  await expect(home.deviceId).toHaveText(deviceId);
  const clients = oauth.as.registeredClients();
  expect(clients).toHaveLength(1);
  expect(clients[0]).toMatchObject({ application_type: 'native' });

  await appHandle.restartApp();
  await expect(home.summary).toHaveText(directSummary(alice.userId, oauth.hs.baseUrl), QUICK);
  await eventually('the restored session syncs', () =>
    oauth.hs.requests({ path: '/sync' }).some((r) => r.status === 200),
  );

  await home.signOut.click();
  await expect(ui.homeserver).toBeVisible(QUICK);
  await expect(ui.notice, 'signed out at the server too').toBeHidden();
  // Every token the session held is refused now, as another program would find.
  const held = oauth.as.issuedTokens('alice');
  for (const token of held.filter((t) => t.kind === 'access_token')) {
    expect(await oauth.as.isActive(token.token)).toBe(false);
  }
  const refresh = held.filter((t) => t.kind === 'refresh_token').at(-1)!;
  const tokenEndpoint = String(oauth.as.authMetadata().token_endpoint);
  expect(
    await tryRefreshToken({
      tokenEndpoint,
      clientId: refresh.clientId,
      refreshToken: refresh.token,
      caPem: world.caPem,
    }),
  ).toEqual({ status: 400, error: 'invalid_grant' });
  expect(oauth.hs.requestCount({ path: '/logout' }), 'no legacy /logout').toBe(0);
  // A second sign-in reuses the registration.
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.oauth(oauth.issuerHost).click();
  await opener.next();
  expect(oauth.as.registeredClients()).toHaveLength(1);
  await ui.cancel.click();
});

test('cancelling the wait ends the sign-in; the browser finishing late changes nothing', async ({
  appHandle: { page },
  oauth,
  opener,
  user,
}) => {
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.oauth(oauth.issuerHost).click();
  const authorizationUrl = await opener.next();
  await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);

  await ui.cancel.click();
  await expect(ui.notice.or(ui.loginError)).toContainText(/cancel/i, QUICK);
  await expect(ui.oauth(oauth.issuerHost)).toBeEnabled();

  // The user finishes in the browser anyway: the app's loopback listener is gone.
  await user.visit(authorizationUrl);
  await user.logIn('alice', 'alice-password');
  await user.consent('allow');
  await expect(user.page.locator('body')).not.toContainText(/return to the app/i);
  await expect(homeUi(page).summary).toBeHidden();
  expect(oauth.as.requestCount({ method: 'POST', path: '/token' }), 'no code exchange').toBe(0);
});

test('an authorization server that refuses to register the app: the error names it, in the window', async ({
  appHandle: { page },
  oauth,
  opener,
}) => {
  oauth.as.refuseRegistration(true);
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.oauth(oauth.issuerHost).click();
  await expect(ui.loginError).toContainText(oauth.issuerHost, QUICK);
  await expect(ui.loginError).toBeFocused();
  await expect(ui.progress).toBeEmpty();
  await expect(ui.oauth(oauth.issuerHost)).toBeEnabled();
  expect(opener.opened, 'no browser opened').toEqual([]);
});
