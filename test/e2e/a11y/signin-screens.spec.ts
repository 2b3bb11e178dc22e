/**
 * axe on every state of the signed-out screens, walked through in one page per test: the server
 * form, discovery (busy, failed), the sign-in methods, password sign-in (busy, failed), single
 * sign-on waiting for the browser and cancelled, servers the app cannot sign in to, soft logout,
 * a session ended by the server, signing out, and a window that cannot start or has no API; in
 * light and dark colours.
 */
import { expectAccessible } from '../support/axe.js';
import {
  chooseServer,
  eventually,
  expect,
  homeUi,
  QUICK,
  signInUi,
  submitPassword,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 90_000 });

/**
 * How long a request is held to see a busy state; far longer than the checks made meanwhile, and
 * never waited for: the test cancels, and closing the servers ends the held request.
 */
const HELD_MS = 60_000;

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} colours, over https`, () => {
    test.use({ colorScheme, worldOptions: { tls: true } });

    test('sign-in: server form, discovery, methods, password, SSO, their errors and busy states', async ({
      appHandle: { page },
      world,
      systemBrowser,
    }) => {
      const ui = signInUi(page);
      await expect(ui.homeserver).toBeFocused(QUICK);
      await expectAccessible(page, 'server form');

      await ui.continue.click();
      await expect(ui.discoverError).toBeVisible(QUICK);
      await expectAccessible(page, 'server form: nothing typed');

      world.hs1.setWellKnown('invalidJson');
      await ui.homeserver.fill(world.names.hs1);
      await ui.continue.click();
      await expect(ui.discoverError).toContainText(/not valid JSON/i, QUICK);
      await expectAccessible(page, 'discovery error');

      world.hs1.setWellKnown('valid');
      world.hs1.addLatency(HELD_MS, '/.well-known/matrix/client');
      await ui.continue.click();
      await expect(ui.progress).toHaveText(`Looking up ${world.names.hs1}…`, QUICK);
      await expect(ui.cancel).toBeVisible();
      await expectAccessible(page, 'discovery busy, with Cancel');
      await ui.cancel.click();
      await expect(ui.progress).toBeEmpty(QUICK);
      world.hs1.clearFaults();

      world.hs1.setLoginConfig({ oauthOnly: true });
      await chooseServer(page, world.hs1.baseUrl);
      await expect(ui.oauth(new URL(world.hs1.baseUrl).host)).toBeVisible();
      await expectAccessible(page, 'OAuth-only server');
      await ui.changeServer.click();

      world.hs1.setLoginConfig({ flows: [{ type: 'm.login.application_service' }] });
      await ui.homeserver.fill(world.hs1.baseUrl);
      await ui.continue.click();
      await expect(ui.discoverError.or(ui.noLoginFlows)).toBeVisible(QUICK);
      await expectAccessible(page, 'no supported sign-in method');
      if (await ui.changeServer.isVisible()) await ui.changeServer.click();

      await chooseServer(page, world.portal.baseUrl);
      await expect(ui.identifier).toBeVisible();
      await expect(ui.sso('Test IdP')).toBeVisible();
      await expectAccessible(page, 'login methods: password and SSO');

      await submitPassword(page, 'alice', 'not-her-password');
      await expect(ui.loginError).toBeVisible(QUICK);
      await expectAccessible(page, 'password: wrong password');

      world.portal.addLatency(HELD_MS, '/login');
      await submitPassword(page, 'alice', 'still-not-her-password');
      await expect(ui.progress).not.toBeEmpty(QUICK);
      await expectAccessible(page, 'password: signing in (busy)');
      await ui.cancel.click();
      await expect(ui.progress).toBeEmpty(QUICK);
      world.portal.clearFaults();

      systemBrowser.mode = 'ignore';
      await ui.sso('Test IdP').click();
      await expect(ui.progress).toHaveText('Waiting for your browser…', QUICK);
      await expect(ui.cancel).toBeVisible();
      await expectAccessible(page, 'SSO: waiting for the browser, with Cancel');
      await ui.cancel.click();
      await expect(ui.notice.or(ui.loginError)).toContainText(/cancel/i, QUICK);
      await expectAccessible(page, 'SSO: cancelled');

      const alice = world.user('alice');
      await submitPassword(page, 'alice', alice.password);
      await expect(homeUi(page).summary).toBeVisible(QUICK);
      await expectAccessible(page, 'home');
    });
  });

  test.describe(`${colorScheme} colours, when the app cannot start`, () => {
    test.use({ colorScheme });

    test('no connection to the core, and no API at all', async ({ appHandle: { app, page } }) => {
      const origin = new URL(app.bridge.url).origin;
      // The bridge refuses a page without the run's token: the app cannot start, and says so.
      // (A new document each time: a change of fragment alone would not reload the page.)
      await page.goto('about:blank');
      await page.goto(`${origin}/#token=wrong`);
      await expect(page.getByTestId('start-error')).toBeVisible(QUICK);
      await expectAccessible(page, 'the app could not start');

      // Without the bridge's client script the window has no API at all.
      await page.route('**/bridge-client.js', (route) => route.fulfill({ status: 404 }));
      await page.goto('about:blank');
      await page.goto(app.bridge.url);
      await expect(page.getByTestId('api-missing')).toBeVisible(QUICK);
      await expectAccessible(page, 'the window cannot reach the app');
    });
  });

  test.describe(`${colorScheme} colours, session ended by the server`, () => {
    // Without refresh tokens an ended access token cannot be renewed: the server's verdict stands.
    test.use({ colorScheme, worldOptions: { homeserver: { refreshTokens: false } } });

    test('soft logout and hard logout screens, with their errors', async ({
      appHandle: { page },
      world,
    }) => {
      const alice = world.user('alice');
      const ui = signInUi(page);
      await chooseServer(page, world.portal.baseUrl);
      await submitPassword(page, 'alice', alice.password);
      await expect(homeUi(page).summary).toBeVisible(QUICK);
      await eventually('the app long-polls hs1', () => world.hs1.pendingSyncs('alice') > 0);

      world.hs1.expireTokens({ user: 'alice' }, 'soft');
      world.hs1.setAccountData('alice', 'org.example.nudge', { at: Date.now() });
      await expect(ui.softLogoutHeading).toBeVisible(QUICK);
      await expectAccessible(page, 'soft logout');

      await ui.password.fill('not-her-password');
      await ui.signIn.click();
      await expect(ui.loginError).toBeVisible(QUICK);
      await expectAccessible(page, 'soft logout: wrong password');

      await ui.password.fill(alice.password);
      await ui.signIn.click();
      await expect(homeUi(page).summary).toBeVisible(QUICK);
      await eventually('the app long-polls hs1 again', () => world.hs1.pendingSyncs('alice') > 0);

      world.hs1.expireTokens({ user: 'alice' }, 'hard');
      world.hs1.setAccountData('alice', 'org.example.nudge', { at: Date.now() });
      await expect(ui.homeserver).toBeVisible(QUICK);
      await expect(ui.notice).toBeVisible();
      await expectAccessible(page, 'signed out by the server, with a notice');

      // Signing out while the server takes its time.
      await chooseServer(page, world.hs1.baseUrl);
      await submitPassword(page, 'alice', alice.password);
      await expect(homeUi(page).summary).toBeVisible(QUICK);
      world.hs1.addLatency(HELD_MS, '/logout');
      await homeUi(page).signOut.click();
      await expect(page.getByText('Signing out…')).toBeVisible(QUICK);
      await expectAccessible(page, 'signing out (busy)');
    });
  });
}
