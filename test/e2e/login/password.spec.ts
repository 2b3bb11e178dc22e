/**
 * Password sign-in with each kind of identifier the one field accepts, and the failures a user
 * must be able to tell apart: wrong password, rate limit, server gone.
 */
import { startHomeserver } from '../../fixtures/index.js';
import {
  chooseServer,
  directSummary,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  signInUi,
  submitPassword,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 30_000 });

const host = (url: string) => new URL(url).host;

test.describe('identifiers', () => {
  test('a bare localpart at the portal', async ({ appHandle: { page }, world }) => {
    const alice = world.user('alice');
    await chooseServer(page, world.portal.baseUrl);
    await submitPassword(page, 'alice', alice.password);
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
      QUICK,
    );
  });

  test('a full user ID at the portal', async ({ appHandle: { page }, world }) => {
    const bob = world.user('bob');
    await chooseServer(page, world.portal.baseUrl);
    await submitPassword(page, bob.userId, bob.password);
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(bob.userId, world.portal.baseUrl, world.hs2.baseUrl),
      QUICK,
    );
  });

  test('an email address at the portal', async ({ appHandle: { page }, world }) => {
    const alice = world.user('alice');
    await chooseServer(page, world.portal.baseUrl);
    await submitPassword(page, 'Alice@Example.org', alice.password);
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
      QUICK,
    );
  });

  test('an international phone number at the homeserver', async ({
    appHandle: { page },
    world,
  }) => {
    // A GB mobile number as libphonenumber knows it: m.id.phone {country: GB, phone: 7400123456}.
    const erin = world.hs1.addUser({
      localpart: 'erin',
      password: 'erin-password',
      threepids: [{ medium: 'msisdn', address: '447400123456' }],
    });
    await chooseServer(page, world.hs1.baseUrl);
    await submitPassword(page, '+44 7400 123456', 'erin-password');
    await expect(homeUi(page).summary).toHaveText(directSummary(erin, world.hs1.baseUrl), QUICK);
  });

  test("the demo's phone number (+44 7700 900001, a reserved UK range)", async ({
    appHandle: { page },
    world,
  }) => {
    // alice's seeded MSISDN is 447700900001 (Ofcom's drama range): possible, not "valid".
    const alice = world.user('alice');
    await chooseServer(page, world.hs1.baseUrl);
    await submitPassword(page, '+44 7700 900001', alice.password);
    const ui = signInUi(page);
    await expect(homeUi(page).summary.or(ui.loginError)).toBeVisible(QUICK);
    expect(await ui.loginError.allTextContents(), 'sign-in errors').toEqual([]);
    await expect(homeUi(page).summary).toHaveText(
      directSummary(alice.userId, world.hs1.baseUrl),
      QUICK,
    );
  });
});

test.describe('failures name the server and say what went wrong', () => {
  test('wrong password, then the right one', async ({ appHandle: { page }, world }) => {
    const alice = world.user('alice');
    const ui = signInUi(page);
    await chooseServer(page, world.portal.baseUrl);
    await submitPassword(page, 'alice', 'not-her-password');

    await expect(ui.loginError).toBeVisible(QUICK);
    await expect(ui.loginError).toContainText(host(world.portal.baseUrl));
    await expect(ui.loginError).toContainText(/wrong user ID or password|incorrect password/i);
    await expect(ui.loginError).toHaveAttribute('data-code', 'M_FORBIDDEN');
    await expect(homeUi(page).summary).toBeHidden();

    await submitPassword(page, 'alice', alice.password);
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
      QUICK,
    );
  });

  test('rate limited', async ({ appHandle: { page }, world }) => {
    const alice = world.user('alice');
    const ui = signInUi(page);
    await chooseServer(page, world.portal.baseUrl);
    world.portal.rateLimitNext(1, { path: '/login', retryAfterMs: 3_000 });
    await submitPassword(page, 'alice', alice.password);

    await expect(ui.loginError).toBeVisible(QUICK);
    await expect(ui.loginError).toContainText(host(world.portal.baseUrl));
    await expect(ui.loginError).toContainText(/rate limit|too many/i);
    await expect(ui.loginError).toContainText(/3 s|3 seconds/);
    await expect(ui.loginError).toHaveAttribute('data-code', 'M_LIMIT_EXCEEDED');
    await expect(ui.loginError).not.toContainText(/password/i);
    await expect(homeUi(page).summary).toBeHidden();
  });

  test('the server went away after discovery', async ({ appHandle: { page } }) => {
    const hs = await startHomeserver({ users: [{ localpart: 'frank', password: 'frank-pw' }] });
    const ui = signInUi(page);
    try {
      await chooseServer(page, hs.baseUrl);
    } finally {
      await hs.close();
    }
    await submitPassword(page, 'frank', 'frank-pw');

    await expect(ui.loginError).toBeVisible(QUICK);
    await expect(ui.loginError).toContainText(host(hs.baseUrl));
    await expect(ui.loginError).toContainText(/could not reach|unreachable|could not be reached/i);
    await expect(ui.loginError).toHaveAttribute('data-code', 'UNREACHABLE');
    await expect(ui.loginError).not.toContainText(/wrong user ID or password|rate limit/i);
    // The form is still there to try again.
    await expect(ui.signIn).toBeEnabled();
  });
});
