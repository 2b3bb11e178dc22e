/**
 * The invite form by email address or phone number (issue 13, item 4): an address someone shared
 * invites them; one nobody shared asks first, says through which identity server the invitation
 * goes, and then the identity server stores it; with the server's terms not accepted the form
 * says why, links to the setting, and the address reaches no server. Each state is checked with
 * axe; what the servers received is read from their control APIs and request logs.
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  expect,
  identityUi,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  test,
} from '../identity/identityTest.js';
import { expectAccessible } from '../support/axe.js';

test.describe.configure({ timeout: 60_000 });

function inviteUi(page: Page) {
  const confirm = page.getByTestId('invite-confirm');
  return {
    roomsNav: page.getByRole('button', { name: 'Rooms' }),
    room: (name: string) => page.getByTestId('room-list').getByRole('button', { name }),
    roomName: page.getByTestId('room-name'),
    open: page.getByRole('button', { name: 'Invite', exact: true }),
    form: page.getByRole('form', { name: /^Invite to / }),
    address: page.getByRole('textbox', { name: 'Matrix ID, email address or phone number' }),
    hint: page.getByTestId('invite-hint'),
    submit: page.getByRole('form', { name: /^Invite to / }).getByRole('button', { name: 'Invite' }),
    confirm,
    send: confirm.getByRole('button', { name: 'Send invitation' }),
    dontSend: confirm.getByRole('button', { name: "Don't send" }),
    status: page.getByTestId('invite-status'),
    error: page.getByTestId('invite-error'),
    goToSetting: page.getByRole('button', { name: 'Go to the identity server setting' }),
  };
}

/** alice signed in at the portal (hs1), in her room "Plans" with the invite form open. */
async function aliceInviting(page: Page, world: World, acceptTerms: boolean) {
  const roomId = world.hs1.createRoom('alice', { name: 'Plans' });
  await signInAtPortal(page, world, 'alice');
  if (acceptTerms) {
    await openIdentitySettings(page);
    await acceptActiveTerms(page, requireIs(world).baseUrl);
  }
  const ui = inviteUi(page);
  await ui.roomsNav.click();
  await ui.room('Plans').click();
  await expect(ui.roomName).toHaveText('Plans', QUICK);
  await ui.open.click();
  await expect(ui.address).toBeFocused();
  return { ui, roomId };
}

test('invites by shared address, and by an unshared one after asking', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  const hs = world.hs1;
  const { ui, roomId } = await aliceInviting(page, world, true);
  await expect(ui.hint).toContainText(`looked up (hashed) on ${is.baseUrl}`);
  await expectAccessible(page, 'invite form');

  // carol shared this address: she is invited as herself.
  is.addBinding('email', 'carol.work@example.org', hs.userId('carol'));
  await ui.address.fill('Carol.Work@example.org');
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(`Invited ${hs.userId('carol')}.`, QUICK);
  expect(hs.membership(roomId, 'carol')).toBe('invite');

  // Nobody shared this one: the form asks, naming the identity server, before anything is sent.
  await ui.address.fill('newcomer@example.org');
  await ui.submit.click();
  const host = new URL(is.baseUrl).host;
  await expect(ui.confirm).toContainText(
    `Nobody has shared newcomer@example.org on ${host}. Send an invitation by email through ${host}?`,
  );
  await expect(ui.send).toBeFocused();
  await expectAccessible(page, 'invite confirmation');
  expect(is.storedInvites()).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(
    `Invitation sent to newcomer@example.org through ${host}.`,
    QUICK,
  );
  await expect(ui.confirm).toHaveCount(0);
  const stored = is.storedInvites();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ medium: 'email', address: 'newcomer@example.org', roomId });
  expect(hs.roomEvents(roomId).some((e) => e.type === 'm.room.third_party_invite')).toBe(true);
});

test('without accepted terms it says why, links to the setting and sends the address nowhere', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  const hs = world.hs1;
  const { ui, roomId } = await aliceInviting(page, world, false);
  await expect(ui.hint).toContainText('whose terms you have not accepted yet');
  is.resetRequests();

  await ui.address.fill('newcomer@example.org');
  await expect(ui.goToSetting).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(ui.error).toContainText('Accept the terms of the identity server', QUICK);
  await expectAccessible(page, 'invite refused');

  // Barrier: a Matrix ID goes through the same form and command to the homeserver.
  await ui.address.fill(hs.userId('carol'));
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(`Invited ${hs.userId('carol')}.`, QUICK);
  expect(is.requests()).toEqual([]);
  expect(is.storedInvites()).toEqual([]);
  const invites = hs.requests({ method: 'POST', path: '/_matrix/client/v3/rooms/{roomId}/invite' });
  expect(invites).toHaveLength(1);
  expect(hs.membership(roomId, 'carol')).toBe('invite');

  // The link leads to the identity-server setting.
  await ui.address.fill('newcomer@example.org');
  await ui.goToSetting.click();
  await expect(identityUi(page).section).toBeVisible(QUICK);
});
