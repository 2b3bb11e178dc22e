/**
 * Single sign-on in the system browser (played by the fake browser): the app opens the SSO URL,
 * the IdP sends the browser back to the app's loopback listener with a loginToken, and
 * m.login.token completes the sign-in, routed like a password sign-in. Over https, as deployed.
 *
 * Not tested here: the 5-minute give-up (SSO_TIMEOUT_MS in SsoLoginMethod.ts) is too long for
 * an end-to-end run.
 */
import {
  chooseServer,
  directSummary,
  eventually,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  signInUi,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 30_000 });
test.use({ worldOptions: { tls: true } });

/** The loopback URL the app gave the IdP, read from the SSO URL the app opened. */
function loopbackOf(ssoUrl: string): URL {
  const redirect = new URL(ssoUrl).searchParams.get('redirectUrl');
  expect(redirect, 'the SSO URL carries a redirectUrl').not.toBeNull();
  return new URL(redirect!);
}

test('SSO at a portal signs in and follows the redirect', async ({
  appHandle: { page },
  world,
  systemBrowser,
}) => {
  const alice = world.user('alice');
  await chooseServer(page, world.portal.baseUrl);
  await signInUi(page).sso('Test IdP').click();

  await expect(homeUi(page).summary).toHaveText(
    routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
    QUICK,
  );
  expect(systemBrowser.opened).toHaveLength(1);
  const opened = new URL(systemBrowser.opened[0]!);
  expect(opened.origin + opened.pathname).toBe(
    `${world.portal.baseUrl}/_matrix/client/v3/login/sso/redirect/oidc-test`,
  );
  const loopback = loopbackOf(systemBrowser.opened[0]!);
  expect(loopback.protocol).toBe('http:');
  expect(loopback.hostname).toBe('127.0.0.1');
  expect(systemBrowser.deliveries).toEqual([{ status: 200 }]);
  // The token login went to the portal; the session then lives on hs1.
  expect(world.portal.requestCount({ method: 'POST', path: '/login' })).toBe(1);
  await eventually('hs1 serves the /sync', () => world.hs1.requestCount({ path: '/sync' }) > 0);
  expect(world.portal.requestCount({ path: '/sync' })).toBe(0);
});

test('several identity providers: the one the user picks is opened', async ({
  appHandle: { page },
  world,
  systemBrowser,
}) => {
  const alice = world.user('alice');
  world.hs1.setLoginConfig({
    password: false,
    sso: [
      { id: 'github', name: 'GitHub' },
      { id: 'gitlab', name: 'GitLab' },
    ],
  });
  const ui = signInUi(page);
  await chooseServer(page, world.hs1.baseUrl);
  await expect(ui.sso('GitHub')).toBeVisible();
  await expect(ui.identifier).toBeHidden();
  await ui.sso('GitLab').click();

  await expect(homeUi(page).summary).toHaveText(
    directSummary(alice.userId, world.hs1.baseUrl),
    QUICK,
  );
  expect(systemBrowser.opened.map((u) => new URL(u).pathname)).toEqual([
    '/_matrix/client/v3/login/sso/redirect/gitlab',
  ]);
});

test('a second delivery of the loginToken is refused', async ({
  appHandle: { page },
  world,
  systemBrowser,
}) => {
  systemBrowser.mode = 'followTwice';
  const alice = world.user('alice');
  await chooseServer(page, world.hs1.baseUrl);
  await signInUi(page).sso('Test IdP').click();
  await expect(homeUi(page).summary).toHaveText(
    directSummary(alice.userId, world.hs1.baseUrl),
    QUICK,
  );
  await systemBrowser.settled();

  expect(systemBrowser.deliveries).toHaveLength(2);
  expect(systemBrowser.deliveries[0]).toEqual({ status: 200 });
  expect(systemBrowser.deliveries[1], 'the replayed redirect').not.toEqual({ status: 200 });
  // And a fresh token for the same listener later on is not taken either.
  const replay = new URL(systemBrowser.redirects[0]!);
  replay.searchParams.set('loginToken', world.hs1.createLoginToken('alice'));
  expect(await systemBrowser.visit(replay.toString())).not.toEqual({ status: 200 });
  expect(world.hs1.requestCount({ method: 'POST', path: '/login' })).toBe(1);
  expect(world.hs1.devices('alice')).toHaveLength(1);
});

test('cancelling SSO returns to sign-in with a message', async ({
  appHandle: { page },
  world,
  systemBrowser,
}) => {
  systemBrowser.mode = 'ignore';
  const ui = signInUi(page);
  await chooseServer(page, world.portal.baseUrl);
  await ui.sso('Test IdP').click();
  await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);
  expect(systemBrowser.opened).toHaveLength(1);

  await ui.cancel.click();
  await expect(ui.notice.or(ui.loginError)).toContainText(/cancel/i, QUICK);
  await expect(ui.progress).toBeEmpty();
  await expect(ui.sso('Test IdP')).toBeEnabled();
  await expect(ui.loginServer).toHaveText(world.portal.baseUrl);

  // The browser finishing late changes nothing: the listener is gone.
  const late = loopbackOf(systemBrowser.opened[0]!);
  late.searchParams.set('loginToken', 'late-token');
  expect(await systemBrowser.visit(late.toString())).not.toEqual({ status: 200 });
  await expect(homeUi(page).summary).toBeHidden();
  expect(world.portal.requestCount({ method: 'POST', path: '/login' })).toBe(0);
});
