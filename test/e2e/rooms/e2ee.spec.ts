/**
 * End-to-end encryption in the window (issue 13): alice, in the window, and carol, another app
 * with its own encryption store (a core in a worker thread: one store per process), talk in an
 * encrypted DM. alice reads carol's message in clear, not as "Encrypted message", and her answer
 * reaches carol decrypted; the homeserver only ever holds ciphertext.
 */
import { expectAccessible } from '../support/axe.js';
import { chooseServer, expect, submitPassword, test as base } from '../support/loginTest.js';
import { homeUi, QUICK } from '../support/screens.js';
import { startWorkerCore, type WorkerCore } from '../../integration/e2eeWorkerCore.js';
import type { TimelineDiff } from '../../../electron/ipc/contract.js';

const test = base.extend({
  appOptions: async ({ appOptions }, use) => use({ ...appOptions, e2ee: true }),
});
test.describe.configure({ timeout: 90_000 });

/** Rust crypto's key exchange takes a few round trips on each side. */
const CRYPTO = { timeout: 20_000 };

let carol: WorkerCore | undefined;
test.afterEach(async () => {
  await carol?.close();
  carol = undefined;
});

/** carol's view of the room: the texts her app shows, decrypted. */
function carolSees(app: WorkerCore, roomId: string): string[] {
  const texts = new Map<string, string>();
  for (const e of app.events) {
    if (e.name !== 'timeline') continue;
    const diff = e.payload as TimelineDiff;
    if (diff.roomId !== roomId || diff.op === 'remove') continue;
    for (const item of diff.op === 'reset' || diff.op === 'append' || diff.op === 'update'
      ? diff.items
      : [])
      if (item.kind === 'text' && item.status === 'sent') texts.set(item.id, item.text);
  }
  return [...texts.values()];
}

test('an encrypted DM shows messages in clear and sends encrypted', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  carol = await startWorkerCore({ extraCaPem: world.caPem, hosts: world.hosts });
  await carol.handlers.discover({ server: hs.baseUrl });
  await carol.handlers.loginWithPassword({ identifier: 'carol', password: 'carol-password' });
  await carol.waitFor('roomList', (d) => d.op === 'reset', CRYPTO.timeout);

  // alice signs in in the window; her device publishes its keys.
  await chooseServer(page, hs.baseUrl);
  await submitPassword(page, 'alice', 'alice-password');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  const aliceId = hs.userId('alice');
  // Asked with a session of carol's own (no keys of its own), so carol's app encrypts for it.
  const asker = hs.login('carol').access_token;
  await expect.poll(() => publishedDeviceCount(hs.baseUrl, asker, aliceId), CRYPTO).toBe(1);

  const { roomId } = await carol.handlers.roomCreate({
    name: 'Secret chat',
    topic: '',
    invite: [aliceId],
    direct: true,
    encrypted: true,
    public: false,
  });
  hs.joinRoom('alice', roomId);
  await carol.handlers.roomOpen({ roomId });
  await carol.waitFor(
    'timeline',
    (d) => d.roomId === roomId && 'items' in d && d.items.some((i) => /alice joined/i.test(i.text)),
    CRYPTO.timeout,
  );
  await carol.handlers.roomSend({ roomId, body: 'Only you can read this' });

  await page.getByRole('button', { name: 'Rooms' }).click();
  await page
    .getByTestId('room-list')
    .getByRole('button', { name: /Secret chat/ })
    .click();
  const timeline = page.getByRole('log');
  await expect(timeline).toContainText('Only you can read this', CRYPTO);
  await expect(timeline).not.toContainText('Encrypted message');
  await expect(page.getByTestId('read-only')).toHaveCount(0);
  await expectAccessible(page, 'encrypted room');

  const composer = page.getByRole('textbox', { name: /^Message to / });
  await composer.fill('Same here');
  await composer.press('Enter');
  const sent = timeline.getByTestId('timeline-item').filter({ hasText: 'Same here' });
  await expect(sent).toHaveAttribute('data-status', 'sent', CRYPTO);
  await expect.poll(() => carolSees(carol!, roomId), CRYPTO).toContain('Same here');

  const stored = hs.roomEvents(roomId);
  expect(stored.some((e) => e.type === 'm.room.message')).toBe(false);
  expect(JSON.stringify(stored)).not.toMatch(/Only you can read this|Same here/);
});

async function publishedDeviceCount(baseUrl: string, token: string, userId: string) {
  const response = await fetch(`${baseUrl}/_matrix/client/v3/keys/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: JSON.stringify({ device_keys: { [userId]: [] } }),
  });
  const body = (await response.json()) as { device_keys: Record<string, object> };
  return Object.keys(body.device_keys[userId] ?? {}).length;
}
