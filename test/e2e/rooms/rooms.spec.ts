/**
 * Rooms in the window (issue 13): the room list (search, keyboard, invitations), the timeline
 * (back-pagination, the start of the conversation), sending with a local echo, and a failed send
 * retried. alice uses the window; carol acts through the homeserver's control API, as another
 * client would. Each state is checked with axe.
 */
import type { Page } from '@playwright/test';
import type { Homeserver } from '../../fixtures/index.js';
import { expectAccessible } from '../support/axe.js';
import { chooseServer, expect, submitPassword, test } from '../support/loginTest.js';
import { homeUi, QUICK } from '../support/screens.js';

test.describe.configure({ timeout: 60_000 });

function roomsUi(page: Page) {
  return {
    nav: page.getByRole('button', { name: 'Rooms' }),
    search: page.getByRole('searchbox', { name: 'Search rooms' }),
    list: page.getByTestId('room-list'),
    room: (name: string | RegExp) => page.getByTestId('room-list').getByRole('button', { name }),
    invites: page.getByTestId('invites'),
    roomName: page.getByTestId('room-name'),
    timeline: page.getByRole('log'),
    older: page.getByRole('button', { name: 'Load older messages' }),
    start: page.getByText('This is the start of the conversation.'),
    composer: page.getByRole('textbox', { name: /^Message to / }),
    send: page.getByRole('button', { name: 'Send', exact: true }),
  };
}

const message = (body: string) => ({ msgtype: 'm.text', body });

async function signInToRooms(page: Page, hs: Homeserver) {
  await chooseServer(page, hs.baseUrl);
  await submitPassword(page, 'alice', 'alice-password');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  const ui = roomsUi(page);
  await ui.nav.click();
  return ui;
}

test('room list, timeline with back-pagination, and sending, by keyboard', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  const kitchen = hs.createRoom('alice', { name: 'Kitchen' });
  hs.sendEvent('alice', kitchen, 'm.room.message', message('older news'));
  const garden = hs.createRoom('carol', { preset: 'public_chat', name: 'Garden' });
  hs.joinRoom('alice', garden);
  for (let i = 1; i <= 45; i++) hs.sendEvent('carol', garden, 'm.room.message', message(`m${i}`));
  const attic = hs.createRoom('carol', { name: 'Attic' });
  hs.inviteToRoom('carol', attic, 'alice');

  const ui = await signInToRooms(page, hs);
  // Most recent activity first; the invitation apart, with its inviter.
  await expect(ui.room(/Garden/)).toBeVisible(QUICK);
  // (alice's seeded rooms come after: their activity is older.)
  await expect(ui.list.getByRole('button').nth(0)).toHaveText(/Garden/);
  await expect(ui.list.getByRole('button').nth(1)).toHaveText(/Kitchen/);
  await expect(ui.invites).toContainText('Attic');
  await expect(ui.invites).toContainText(hs.userId('carol'));
  await expectAccessible(page, 'room list');

  await ui.search.fill('kit');
  await expect(ui.list.getByRole('button')).toHaveText([/Kitchen/]);
  await ui.search.fill('');

  // Keyboard: into the list, down to Kitchen, back up to Garden, Enter opens it.
  await ui.room(/Garden/).focus();
  await page.keyboard.press('ArrowDown');
  await expect(ui.room(/Kitchen/)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(ui.room(/Garden/)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui.roomName).toHaveText('Garden', QUICK);
  await expect(ui.timeline).toContainText('m45');
  await expect(ui.timeline).not.toContainText('m10');

  // Older messages load when the conversation is scrolled to the top, until its start.
  await expect(ui.older).toBeVisible();
  await expect
    .poll(async () => {
      if (await ui.start.isVisible()) return true;
      await ui.timeline.evaluate((el) => el.scrollTo(0, 0));
      return false;
    }, QUICK)
    .toBe(true);
  await expect(ui.start).toBeVisible(QUICK);
  await expect(ui.timeline).toContainText('m1');
  await expect(ui.timeline).toContainText('carol joined');
  await expectAccessible(page, 'timeline');

  await ui.composer.focus();
  await page.keyboard.type('Hello from alice');
  await page.keyboard.press('Enter');
  const sent = ui.timeline.getByTestId('timeline-item').filter({ hasText: 'Hello from alice' });
  await expect(sent).toHaveAttribute('data-status', 'sent', QUICK);
  await expect(ui.composer).toHaveValue('');
  await expect
    .poll(() => hs.roomEvents(garden).filter((e) => e.content.body === 'Hello from alice').length)
    .toBe(1);
  // carol answers; it arrives through the sync.
  hs.sendEvent('carol', garden, 'm.room.message', message('Hi alice!'));
  await expect(ui.timeline).toContainText('Hi alice!', QUICK);
  await page.screenshot({ path: test.info().outputPath('rooms.png'), fullPage: true });
});

test('a failed send says so and is sent once on Retry', async ({ appHandle: { page }, world }) => {
  const hs = world.hs1;
  const room = hs.createRoom('alice', { name: 'Flaky' });
  const ui = await signInToRooms(page, hs);
  await ui.room(/Flaky/).click();
  await expect(ui.roomName).toHaveText('Flaky', QUICK);

  hs.failNext(1, { status: 500, path: '/send/{eventType}/{txnId}' });
  await ui.composer.fill('second try');
  await ui.send.click();
  const item = ui.timeline.getByTestId('timeline-item').filter({ hasText: 'second try' });
  await expect(item.getByTestId('not-sent')).toContainText('HTTP 500', QUICK);
  await expect(item.getByTestId('not-sent')).toContainText(new URL(hs.baseUrl).host);
  await expectAccessible(page, 'not sent');

  await item.getByRole('button', { name: 'Retry' }).click();
  await expect(item).toHaveAttribute('data-status', 'sent', QUICK);
  await expect(item.getByTestId('not-sent')).toHaveCount(0);
  const copies = hs.roomEvents(room).filter((e) => e.content.body === 'second try');
  expect(copies).toHaveLength(1);
});

test('accepting an invitation opens the room; an encrypted one says it is read-only', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  const vault = hs.createRoom('carol', {
    name: 'Vault',
    initial_state: [{ type: 'm.room.encryption', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  hs.inviteToRoom('carol', vault, 'alice');
  const ui = await signInToRooms(page, hs);
  await ui.invites.getByRole('button', { name: 'Accept invitation to Vault' }).click();
  await expect(ui.roomName).toHaveText('Vault', QUICK);
  await expect(page.getByTestId('read-only')).toContainText('end-to-end encrypted');
  await expect(ui.composer).toHaveCount(0);
  expect(hs.membership(vault, 'alice')).toBe('join');
  await expectAccessible(page, 'encrypted room');
});
