/**
 * A change that fails leaves the previous setting untouched and says which server failed and
 * how (issue 6, "Must have" 4): not an identity server, plain http to a remote host, nothing
 * listening, terms declined, and failures half-way (the new server refuses to register us, the
 * homeserver refuses the write). The account's m.identity_server is compared before and after.
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  ACCEPTED_TERMS_EVENT,
  acceptEveryPolicy,
  DEFAULT_POLICY_NAMES,
  expect,
  IDENTITY_EVENT,
  IDENTITY_EVENT_PATH,
  identityEventWrites,
  identityUi,
  IS_LOGOUT,
  openIdentitySettings,
  QUICK,
  QUICK_POLL,
  requireIs,
  signInAtPortal,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

/** Alice's account names the world's IS; settings open. Answers the event as it was. */
async function aliceWithAccountServer(page: Page, world: World): Promise<Record<string, unknown>> {
  const before = { base_url: requireIs(world).baseUrl };
  world.hs1.setAccountData('alice', IDENTITY_EVENT, before);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await expect(identityUi(page).summary).toHaveText(summaryFor.account(before.base_url), QUICK);
  return before;
}

/** The screen and the account still say what they said before the attempt. */
async function expectUnchanged(
  page: Page,
  world: World,
  before: Record<string, unknown>,
): Promise<void> {
  await expect(identityUi(page).summary).toHaveText(summaryFor.account(before.base_url as string));
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual(before);
  expect(identityEventWrites(world.hs1), 'PUT m.identity_server').toEqual([]);
}

async function check(page: Page, server: string): Promise<void> {
  const ui = identityUi(page);
  await ui.server.fill(server);
  await ui.check.click();
}

test('not an identity server (a homeserver URL): says so, names it, changes nothing', async ({
  appHandle: { page },
  world,
}) => {
  const before = await aliceWithAccountServer(page, world);
  await check(page, world.hs2.baseUrl);

  const ui = identityUi(page);
  await expect(ui.error).toContainText(world.hs2.baseUrl, QUICK);
  await expect(ui.error).toContainText('is not an identity server');
  await expect(ui.terms).toBeHidden();
  expect(world.hs2.requestCount({ path: '/_matrix/identity/v2' })).toBe(1);
  await expectUnchanged(page, world, before);
});

test('http to a remote host: refused before any request, naming it', async ({
  appHandle: { page },
  world,
}) => {
  const before = await aliceWithAccountServer(page, world);
  await check(page, 'http://example.com');

  const ui = identityUi(page);
  await expect(ui.error).toContainText('http://example.com', QUICK);
  await expect(ui.error).toContainText('https is required');
  await expect(ui.terms).toBeHidden();
  await expectUnchanged(page, world, before);
});

test('unreachable: names the server, changes nothing', async ({ appHandle: { page }, world }) => {
  const before = await aliceWithAccountServer(page, world);
  await check(page, 'http://127.0.0.1:9');

  const ui = identityUi(page);
  await expect(ui.error).toContainText('127.0.0.1:9', QUICK);
  await expect(ui.terms).toBeHidden();
  await expectUnchanged(page, world, before);
});

test('terms declined (Cancel): nothing registered, recorded or written', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const before = await aliceWithAccountServer(page, world);
  await check(page, secondIs.baseUrl);
  const ui = identityUi(page);
  await expect(ui.terms).toContainText(`Use ${secondIs.baseUrl}?`, QUICK);
  await ui.acceptPolicy(DEFAULT_POLICY_NAMES[0]!).check();
  await ui.cancelTerms.click();

  await expect(ui.terms).toBeHidden();
  await expect(ui.error).toBeHidden();
  await expectUnchanged(page, world, before);
  expect(world.hs1.getAccountData('alice', ACCEPTED_TERMS_EVENT)).toBeUndefined();
  expect(secondIs.accounts()).toEqual([]);
  expect(secondIs.requests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('the new server refuses to register us: names it, changes nothing', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const before = await aliceWithAccountServer(page, world);
  secondIs.failNext(1, { status: 503, path: '/account/register' });
  await check(page, secondIs.baseUrl);
  await acceptEveryPolicy(page);
  const ui = identityUi(page);
  await ui.useThisServer.click();

  await expect(ui.error).toContainText(secondIs.baseUrl, QUICK);
  await expect(ui.error).toContainText('503');
  await expectUnchanged(page, world, before);
  expect(world.hs1.getAccountData('alice', ACCEPTED_TERMS_EVENT)).toBeUndefined();
});

test('the homeserver refuses the write: names it, the old setting stays, no orphan session', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const before = await aliceWithAccountServer(page, world);
  world.hs1.injectFault({ kind: 'fail', method: 'PUT', path: IDENTITY_EVENT_PATH, status: 500 });
  await check(page, secondIs.baseUrl);
  await acceptEveryPolicy(page);
  const ui = identityUi(page);
  await ui.useThisServer.click();

  await expect(ui.error).toContainText(world.hs1.baseUrl, QUICK);
  await expect(ui.error).toContainText('500');
  await expect(ui.status).not.toContainText('Now using');
  // The PUT was refused, so the stored event is the old one.
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual(before);
  await expect(ui.summary).toHaveText(summaryFor.account(before.base_url as string));
  expect(identityEventWrites(world.hs1).map((r) => r.status)).toEqual([500]);
  // The session opened at the new server for the attempt is closed again.
  await expect.poll(() => secondIs.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
});

test('disabling fails at the homeserver: the dialog says so, the setting stays', async ({
  appHandle: { page },
  world,
}) => {
  const before = await aliceWithAccountServer(page, world);
  world.hs1.injectFault({ kind: 'fail', method: 'PUT', path: IDENTITY_EVENT_PATH, status: 500 });
  const ui = identityUi(page);
  await ui.disable.click();
  await ui.confirmDisable.click();

  const error = page.getByTestId('disable-error');
  await expect(error).toContainText(world.hs1.baseUrl, QUICK);
  await expect(ui.dialog).toBeVisible();
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual(before);
  await expect(ui.summary).toHaveText(summaryFor.account(before.base_url as string));
  expect(requireIs(world).requestCount(IS_LOGOUT)).toBe(0);
});
