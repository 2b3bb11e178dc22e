/**
 * Writes while the homeserver cannot be reached (issue 9, "Must have" 2): changing or disabling
 * the identity server needs the homeserver to store m.identity_server. With the connection
 * dropped, the app refuses with a message that names the homeserver and says nothing changed,
 * never shows the change as done, and the same action works once the connection is back.
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptEveryPolicy,
  expect,
  IDENTITY_EVENT,
  IDENTITY_EVENT_PATH,
  identityEventWrites,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

async function aliceWithAccountServer(page: Page, world: World): Promise<Record<string, unknown>> {
  const before = { base_url: requireIs(world).baseUrl };
  world.hs1.setAccountData('alice', IDENTITY_EVENT, before);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await expect(identityUi(page).summary).toHaveText(summaryFor.account(before.base_url), QUICK);
  return before;
}

/** The homeserver drops the connection of every write of m.identity_server until cleared. */
function dropIdentityWrites(world: World): void {
  world.hs1.injectFault({ kind: 'drop', method: 'PUT', path: IDENTITY_EVENT_PATH, count: 100 });
}

test('change while the homeserver drops the write: refused, says why, nothing changed', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const before = await aliceWithAccountServer(page, world);
  dropIdentityWrites(world);
  const ui = identityUi(page);
  await ui.server.fill(secondIs.baseUrl);
  await ui.check.click();
  await acceptEveryPolicy(page);
  await ui.useThisServer.click();

  await expect(ui.error).toContainText(new URL(world.hs1.baseUrl).host, QUICK);
  await expect(ui.error).toContainText(/could not reach/i);
  await expect(ui.error).toContainText(/nothing was changed/i);
  await expect(ui.status).not.toContainText('Now using');
  await expect(ui.summary).toHaveText(summaryFor.account(before.base_url as string));
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual(before);
  expect(identityEventWrites(world.hs1).map((r) => r.status)).toEqual([0]);

  // Connection back: the same change goes through.
  world.hs1.clearFaults();
  await ui.useThisServer.click();
  await expect(ui.summary).toHaveText(summaryFor.account(secondIs.baseUrl), QUICK);
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual({ base_url: secondIs.baseUrl });
});

test('disable while the homeserver drops the write: refused, says why, nothing changed', async ({
  appHandle: { page },
  world,
}) => {
  const before = await aliceWithAccountServer(page, world);
  dropIdentityWrites(world);
  const ui = identityUi(page);
  await ui.disable.click();
  await ui.confirmDisable.click();

  const error = page.getByTestId('disable-error');
  await expect(error).toContainText(new URL(world.hs1.baseUrl).host, QUICK);
  await expect(error).toContainText(/could not reach/i);
  await expect(error).toContainText(/nothing was changed/i);
  await expect(ui.dialog).toBeVisible();
  await expect(ui.summary).toHaveText(summaryFor.account(before.base_url as string));
  expect(world.hs1.getAccountData('alice', IDENTITY_EVENT)).toEqual(before);
  expect(identityEventWrites(world.hs1).map((r) => r.status)).toEqual([0]);
});
