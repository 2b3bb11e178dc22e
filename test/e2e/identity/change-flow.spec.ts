/**
 * Settings → Identity server, the user's choices (issue 6, "Must have" 4 and 5): change to
 * another server (check, terms, register, m.accepted_terms, then m.identity_server; log out of
 * the old one), a server without terms, a bare host name, disable (with the addresses that stay
 * shared) and "Use the server's default" (which writes the default only because the user asked).
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  ACCEPTED_TERMS_EVENT,
  acceptEveryPolicy,
  changeServerTo,
  DEFAULT_POLICY_NAMES,
  DISABLED_BY_ACCOUNT,
  expect,
  IDENTITY_EVENT,
  identityEventWrites,
  identityUi,
  IS_LOGOUT,
  lookUpEmail,
  openIdentitySettings,
  policyUrlsOf,
  QUICK,
  QUICK_POLL,
  requireIs,
  sessionIsSyncing,
  signInAtPortal,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

/** Alice in settings on the portal's suggested server, its terms accepted (the app has a token). */
async function aliceUsingSuggestedServer(page: Page, world: World): Promise<void> {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
  await acceptActiveTerms(page, is.baseUrl);
}

function acceptedTerms(world: World): string[] | undefined {
  const content = world.hs1.getAccountData('alice', ACCEPTED_TERMS_EVENT) as
    { accepted?: string[] } | undefined;
  return content?.accepted;
}

test('change: check, accept each policy, use it; written to the account; old server logged out', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const is = requireIs(world);
  const bob = world.user('bob');
  secondIs.addBinding('email', bob.email!, bob.userId);
  await aliceUsingSuggestedServer(page, world);
  expect(is.requestCount(IS_LOGOUT)).toBe(0);
  const ui = identityUi(page);

  await ui.server.fill(secondIs.baseUrl);
  await ui.check.click();
  await expect(ui.terms).toContainText(`Use ${secondIs.baseUrl}?`, QUICK);
  const urls = policyUrlsOf(secondIs);
  for (const [i, name] of DEFAULT_POLICY_NAMES.entries()) {
    await expect(ui.policyLink(name)).toHaveAttribute('href', urls[i]!);
  }
  // Checking wrote nothing and registered nowhere.
  expect(identityEventWrites(world.hs1)).toEqual([]);
  expect(secondIs.accounts()).toEqual([]);

  await expect(ui.useThisServer).toBeDisabled();
  await ui.acceptPolicy(DEFAULT_POLICY_NAMES[0]!).check();
  await expect(ui.useThisServer).toBeDisabled();
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();

  await expect(ui.status).toHaveText(`Now using ${secondIs.baseUrl}.`, QUICK);
  await expect(ui.summary).toHaveText(summaryFor.account(secondIs.baseUrl));
  await expect(ui.terms).toBeHidden();
  await expect(ui.server).toHaveValue('');
  // The write comes back through /sync: our own change is not "another device".
  const written = identityEventWrites(world.hs1)[0]!.time;
  await expect
    .poll(() => world.hs1.requests({ path: '/sync' }).some((r) => r.time > written), QUICK)
    .toBe(true);
  await sessionIsSyncing(world.hs1, 'alice');
  await expect(ui.banner).toBeHidden();
  await expect(ui.termsNeeded).toBeHidden();

  // The servers' view: registered and agreed at the new IS, terms recorded, then the event.
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({
    base_url: secondIs.baseUrl,
  });
  expect(acceptedTerms(world)).toEqual(expect.arrayContaining([...urls, ...policyUrlsOf(is)]));
  expect(secondIs.accounts()).toEqual([
    expect.objectContaining({
      userId: world.user('alice').userId,
      termsSatisfied: true,
      tokenCount: 1,
    }),
  ]);
  const writes = identityEventWrites(world.hs1);
  expect(writes).toHaveLength(1);
  const termsWrite = world.hs1.requests({ method: 'PUT', path: 'account_data/m.accepted_terms' });
  expect(termsWrite.at(-1)!.time).toBeLessThanOrEqual(writes[0]!.time);
  const register = secondIs.requests({ method: 'POST', path: '/account/register' });
  expect(register).toHaveLength(1);
  expect(register[0]!.time).toBeLessThanOrEqual(writes[0]!.time);

  // The old server: logged out with the token the app held, and nothing else since.
  await expect.poll(() => is.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
  const [logout] = is.requests(IS_LOGOUT);
  expect(logout).toMatchObject({ authorization: true, status: 200 });
  expect(logout!.time).toBeGreaterThanOrEqual(writes[0]!.time);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);

  // Terms were accepted as part of the change: lookups work at once.
  await lookUpEmail(page, bob.email!);
  await expect(ui.lookupResult).toHaveText(`${bob.email} belongs to ${bob.userId}`, QUICK);
});

test.describe('a server without terms', () => {
  test.use({ secondIsOptions: { terms: false } });

  test('needs an explicit "I understand" before it is used', async ({
    appHandle: { page },
    world,
    secondIs,
  }) => {
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    const ui = identityUi(page);
    await ui.server.fill(secondIs.baseUrl);
    await ui.check.click();

    await expect(ui.noTermsWarning).toHaveText(
      `${secondIs.baseUrl} publishes no terms of service`,
      QUICK,
    );
    await expect(ui.useThisServer).toBeDisabled();
    await ui.understand.check();
    await ui.useThisServer.click();

    await expect(ui.status).toHaveText(`Now using ${secondIs.baseUrl}.`, QUICK);
    await expect(ui.summary).toHaveText(summaryFor.account(secondIs.baseUrl));
    expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({
      base_url: secondIs.baseUrl,
    });
    // Nothing to record as accepted.
    expect(acceptedTerms(world) ?? []).toEqual([]);
    await expect(ui.lookUp).toBeEnabled();
  });
});

test.describe('a bare host name (TLS)', () => {
  test.use({ worldOptions: { tls: true } });

  test('means https://', async ({ appHandle: { page }, world, secondIs }) => {
    expect(secondIs.baseUrl).toMatch(/^https:\/\//);
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    await changeServerTo(page, secondIs.baseUrl, new URL(secondIs.baseUrl).host);

    await expect(identityUi(page).summary).toHaveText(summaryFor.account(secondIs.baseUrl));
    expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({
      base_url: secondIs.baseUrl,
    });
  });
});

test('disable: the dialog lists what stays shared; Disable writes null and logs out', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  const alice = world.user('alice');
  world.hs1.addThreepid('alice', 'email', 'alice.work@example.org');
  await aliceUsingSuggestedServer(page, world);
  const ui = identityUi(page);

  await ui.disable.click();
  await expect(ui.dialog).toBeVisible(QUICK);
  await expect(page.getByRole('dialog', { name: 'Disable the identity server?' })).toBeVisible();
  await expect(ui.dialog).toContainText(is.baseUrl);
  await expect(ui.sharedThreepids.getByRole('listitem')).toHaveText(
    [`Email: ${alice.email}`, `Phone: ${alice.msisdn}`, 'Email: alice.work@example.org'],
    { useInnerText: true },
  );

  // Cancel changes nothing.
  await ui.cancelDisable.click();
  await expect(ui.dialog).toBeHidden();
  await expect(ui.summary).toHaveText(summaryFor.login(is.baseUrl));
  expect(identityEventWrites(world.hs1)).toEqual([]);

  await ui.disable.click();
  await ui.confirmDisable.click();
  await expect(ui.dialog).toBeHidden(QUICK);
  await expect(ui.status).toHaveText('Identity server disabled for your account.');
  await expect(ui.summary).toHaveText(DISABLED_BY_ACCOUNT);
  await expect(ui.disable).toBeHidden();
  await expect(ui.lookupUnavailable).toHaveText(
    'Finding people needs an identity server, and yours is disabled for your account',
  );
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({ base_url: null });
  expect(identityEventWrites(world.hs1)).toHaveLength(1);
  await expect.poll(() => is.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);
});

test("use the server's default: its terms, then the default is written to the account", async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const is = requireIs(world);
  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: secondIs.baseUrl });
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  const ui = identityUi(page);
  await expect(ui.summary).toHaveText(summaryFor.account(secondIs.baseUrl), QUICK);
  await acceptActiveTerms(page, secondIs.baseUrl);

  await ui.useDefault.click();
  // The portal's suggestion is the default here.
  await expect(ui.terms).toContainText(`Use ${is.baseUrl}?`, QUICK);
  expect(identityEventWrites(world.hs1)).toEqual([]);
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();

  await expect(ui.status).toHaveText(`Now using ${is.baseUrl}.`, QUICK);
  await expect(ui.summary).toHaveText(summaryFor.account(is.baseUrl));
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({ base_url: is.baseUrl });
  expect(identityEventWrites(world.hs1)).toHaveLength(1);
  expect(acceptedTerms(world)).toEqual(expect.arrayContaining(policyUrlsOf(is)));
  await expect.poll(() => secondIs.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
});

test('every step shows progress, naming the server', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  const ui = identityUi(page);
  secondIs.addLatency(1_500);

  await ui.server.fill(secondIs.baseUrl);
  await ui.check.click();
  await expect(ui.status).toHaveText(`Checking ${secondIs.baseUrl}…`);
  await expect(ui.check).toBeDisabled();
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();
  await expect(ui.status).toHaveText(`Switching to ${secondIs.baseUrl}…`);
  await expect(ui.useThisServer).toBeDisabled();
  await expect(ui.status).toHaveText(`Now using ${secondIs.baseUrl}.`, { timeout: 15_000 });
});

test("use the server's default after disabling: turns the identity server back on", async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  const ui = identityUi(page);
  await expect(ui.summary).toHaveText(DISABLED_BY_ACCOUNT, QUICK);

  await ui.useDefault.click();
  await expect(ui.terms).toContainText(`Use ${is.baseUrl}?`, QUICK);
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();

  await expect(ui.summary).toHaveText(summaryFor.account(is.baseUrl), QUICK);
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({ base_url: is.baseUrl });
  await lookUpEmail(page, world.user('carol').email!);
  await expect(ui.lookupResult).toHaveText(`No one found for ${world.user('carol').email}`, QUICK);
});
