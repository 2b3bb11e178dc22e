/**
 * axe on every state of the signed-in screens, in light and dark colours, walked through in one
 * page per test: home, settings while the account data is still unknown, the identity server's
 * status, the change form and its errors, terms review (to change, to accept, with no terms),
 * the server's default, the disable dialog and its error, a change made elsewhere, and lookups.
 */
import { expectAccessible } from '../support/axe.js';
import {
  acceptEveryPolicy,
  expect,
  homeUi,
  IDENTITY_EVENT,
  IDENTITY_EVENT_PATH,
  identityUi,
  lookUpEmail,
  openIdentitySettings,
  QUICK,
  requireIs,
  sessionIsSyncing,
  signInAtPortal,
  summaryFor,
  test,
} from '../identity/identityTest.js';

test.describe.configure({ timeout: 90_000 });

/** How long the account-data read is held, to see the settings screen while it is pending. */
const PENDING_MS = 8_000;

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} colours`, () => {
    test.use({ colorScheme });

    test('home and settings: status, change, terms, lookups, default, disable', async ({
      appHandle: { page },
      world,
      secondIs,
    }) => {
      const is = requireIs(world);
      const bob = world.user('bob');
      secondIs.addBinding('email', bob.email!, bob.userId);
      const ui = identityUi(page);

      // Settings before the account's choice is known: the read is held long enough for a
      // loaded machine to sign in and run axe; home is checked at the end.
      world.hs1.addLatency(PENDING_MS, IDENTITY_EVENT_PATH);
      await signInAtPortal(page, world, 'alice');
      await openIdentitySettings(page);
      await expect(ui.summary).toHaveText(summaryFor.pending);
      await expectAccessible(page, 'settings: account data pending');
      world.hs1.clearFaults();

      await expect(ui.summary).toHaveText(summaryFor.login(is.baseUrl), {
        timeout: PENDING_MS + 5_000,
      });
      await expect(ui.termsNeeded).toBeVisible();
      await expect(ui.lookupUnavailable).toBeVisible();
      await expectAccessible(page, 'settings: suggested server, terms needed');

      await ui.check.click();
      await expect(ui.error).toBeVisible(QUICK);
      await expectAccessible(page, 'change form: nothing typed');

      await ui.server.fill(world.hs1.baseUrl);
      await ui.check.click();
      await expect(ui.error).toContainText(new URL(world.hs1.baseUrl).host, QUICK);
      await expectAccessible(page, 'change form: not an identity server');

      await ui.termsNeededReview.click();
      await expect(ui.acceptTerms).toBeVisible(QUICK);
      await expectAccessible(page, 'terms review: accept the active server');
      await ui.cancelTerms.click();

      await ui.server.fill(secondIs.baseUrl);
      await ui.check.click();
      await expect(ui.useThisServer).toBeVisible(QUICK);
      await ui.acceptPolicy('Privacy Policy').check();
      await expectAccessible(page, 'terms review: change, one policy ticked');
      await acceptEveryPolicy(page);
      await ui.useThisServer.click();
      await expect(ui.status).toHaveText(`Now using ${secondIs.baseUrl}.`, QUICK);
      await expectAccessible(page, 'changed');

      await lookUpEmail(page, bob.email!);
      await expect(ui.lookupResult).toHaveText(`${bob.email} belongs to ${bob.userId}`, QUICK);
      await expectAccessible(page, 'lookup: found');
      secondIs.failNext(5, { path: '/_matrix/identity/v2/*' });
      await ui.lookUp.click();
      await expect(ui.lookupError).toBeVisible(QUICK);
      await expectAccessible(page, 'lookup: failed');
      secondIs.clearFaults();

      await ui.useDefault.click();
      await expect(ui.terms).toContainText(`Use ${is.baseUrl}?`, QUICK);
      await expectAccessible(page, "the server's default: its terms");
      await ui.cancelTerms.click();

      await ui.disable.click();
      await expect(ui.dialog).toBeVisible(QUICK);
      await expectAccessible(page, 'disable dialog');
      world.hs1.injectFault({
        kind: 'fail',
        method: 'PUT',
        path: IDENTITY_EVENT_PATH,
        status: 500,
      });
      await ui.confirmDisable.click();
      await expect(page.getByTestId('disable-error')).toBeVisible(QUICK);
      await expectAccessible(page, 'disable dialog: the homeserver refused');
      world.hs1.clearFaults();
      await ui.confirmDisable.click();
      await expect(ui.dialog).toBeHidden(QUICK);
      await expect(ui.disable).toBeHidden();
      await expectAccessible(page, 'disabled');

      await homeUi(page).homeNav.click();
      await expect(homeUi(page).summary).toBeVisible();
      await expectAccessible(page, 'home');
    });

    test.describe('with a second server that publishes no terms', () => {
      test.use({ secondIsOptions: { terms: false } });

      test('settings: changes made elsewhere, and a server with no terms', async ({
        appHandle: { page },
        world,
        secondIs,
      }) => {
        const ui = identityUi(page);
        await signInAtPortal(page, world, 'alice');
        await openIdentitySettings(page);
        await expect(ui.summary).toHaveText(summaryFor.login(requireIs(world).baseUrl), QUICK);
        await sessionIsSyncing(world.hs1, 'alice');

        world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: secondIs.baseUrl });
        await expect(ui.bannerReview).toBeVisible(QUICK);
        await expectAccessible(page, 'changed elsewhere: terms to review');

        await ui.bannerReview.click();
        await expect(ui.noTermsWarning).toBeVisible(QUICK);
        await expectAccessible(page, 'no terms: confirm the active server');
        await ui.cancelTerms.click();

        await ui.server.fill(secondIs.baseUrl);
        await ui.check.click();
        await expect(ui.noTermsWarning).toBeVisible(QUICK);
        await ui.understand.check();
        await expectAccessible(page, 'no terms: "I understand" ticked');
        await ui.cancelTerms.click();

        world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
        await expect(ui.banner).toContainText(`to none`, QUICK);
        await expectAccessible(page, 'disabled elsewhere');
      });
    });
  });
}
