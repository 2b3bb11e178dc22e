/**
 * Pictures, files and the encryption store in the window (issue 13): a room's m.room.avatar is
 * shown in the room list (fetched by main, drawn from a blob: URL the CSP allows); "Download
 * <name>" saves the file where the platform says (the Node platform: the data directory's
 * downloads folder), read back here; a broken encryption store is said on the signed-in screen,
 * whatever page is open.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startBridgedApp, type BridgedApp } from '../../bridge/startBridgedApp.js';
import type { Homeserver } from '../../fixtures/index.js';
import { expectAccessible } from '../support/axe.js';
import { chooseServer, expect, submitPassword, test } from '../support/loginTest.js';
import { homeUi, QUICK, signInUi } from '../support/screens.js';

test.describe.configure({ timeout: 60_000 });

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function signInToRooms(page: Page, hs: Homeserver) {
  await chooseServer(page, hs.baseUrl);
  await submitPassword(page, 'alice', 'alice-password');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  await page.getByRole('button', { name: 'Rooms' }).click();
}

test('a room with m.room.avatar shows its picture in the room list', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  const mxc = hs.uploadMedia(PNG, 'image/png');
  hs.createRoom('alice', {
    name: 'Pictured',
    initial_state: [{ type: 'm.room.avatar', state_key: '', content: { url: mxc } }],
  });
  hs.createRoom('alice', { name: 'Plain' });
  await signInToRooms(page, hs);

  const list = page.getByTestId('room-list');
  const picture = list.getByRole('button', { name: /Pictured/ }).getByTestId('avatar-picture');
  await expect(picture).toBeVisible(QUICK);
  await expect(picture).toHaveAttribute('src', /^blob:/);
  // Decoded, so the CSP let the blob: URL through.
  await expect
    .poll(
      () => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      QUICK,
    )
    .toBe(1);
  // A room without a picture keeps its initials.
  const plain = list.getByRole('button', { name: /Plain/ });
  await expect(plain).toContainText('P');
  await expect(plain.getByTestId('avatar-picture')).toHaveCount(0);
  // Fetched by main, with the token, from the authenticated media API.
  expect(hs.requests({ path: '/_matrix/client/v1/media/thumbnail/*' })[0]?.authorization).toBe(
    true,
  );
  await expectAccessible(page, 'room list with avatars');
});

test('Download saves the file of a message, byte for byte', async ({ appHandle, world }) => {
  const { page } = appHandle;
  const hs = world.hs1;
  const bytes = Buffer.from('Quarterly numbers\n'.repeat(2000));
  const mxc = hs.uploadMedia(bytes, 'text/plain', 'numbers.txt');
  const roomId = hs.createRoom('alice', { name: 'Reports' });
  hs.sendEvent('alice', roomId, 'm.room.message', {
    msgtype: 'm.file',
    body: 'numbers.txt',
    url: mxc,
    info: { size: bytes.length, mimetype: 'text/plain' },
  });
  await signInToRooms(page, hs);
  await page
    .getByTestId('room-list')
    .getByRole('button', { name: /Reports/ })
    .click();

  await page.getByRole('button', { name: 'Download numbers.txt' }).click();
  const downloads = join(appHandle.app.dataDir, 'downloads');
  await expect(page.getByTestId('download-saved')).toHaveText(
    `Saved to ${join(downloads, 'numbers.txt')}`,
    QUICK,
  );
  expect(readdirSync(downloads)).toEqual(['numbers.txt']);
  expect(readFileSync(join(downloads, 'numbers.txt')).equals(bytes)).toBe(true);
  await expectAccessible(page, 'timeline with a downloaded file');
});

test('a broken encryption store is said on the signed-in screen', async ({
  page,
  world,
  appLog,
}) => {
  const hs = world.hs1;
  const options = { extraCaPem: world.caPem, hosts: world.hosts, e2ee: true, log: appLog };
  let app: BridgedApp = await startBridgedApp(options);
  try {
    // Signed in once: the device's store is created and its keys published.
    await app.core.handlers.discover({ server: hs.baseUrl });
    await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    await expect.poll(() => hs.requests({ path: '/keys/upload' }).length, QUICK).toBeGreaterThan(0);
    await app.close();
    // The store goes missing while the app is closed (its key stays in the settings).
    const dataDir = app.dataDir;
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('crypto-'))) {
      rmSync(join(dataDir, file));
    }
    app = await startBridgedApp({ ...options, dataDir });
    await page.goto(app.bridge.url);

    const banner = page.getByTestId('encryption-problem');
    await expect(banner).toBeVisible(QUICK);
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText('End-to-end encryption is not working on this device');
    await expect(banner).toContainText('is missing');
    await expect(banner).toContainText('Sign out and sign in again');
    // On every signed-in page, not only in encrypted rooms.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(banner).toBeVisible();
    await expectAccessible(page, 'encryption store banner');

    // The way out it names, from the banner itself: signed out, then in again as a new device
    // whose encryption works (a new store, its keys published).
    const oldDevice = await app.core.handlers.getState({});
    const uploadsBefore = hs.requests({ path: '/keys/upload' }).length;
    await banner.getByRole('button', { name: 'Sign out to start this device over' }).click();
    await expect(signInUi(page).homeserver).toBeVisible(QUICK);
    await chooseServer(page, hs.baseUrl);
    await submitPassword(page, 'alice', 'alice-password');
    await expect(homeUi(page).summary).toBeVisible(QUICK);
    const deviceId = await homeUi(page).deviceId.textContent();
    expect(oldDevice.session).toMatchObject({ status: 'signedIn' });
    expect(deviceId).not.toBe((oldDevice.session as { deviceId: string }).deviceId);
    await expect
      .poll(() => hs.requests({ path: '/keys/upload' }).length, QUICK)
      .toBeGreaterThan(uploadsBefore);
    await expect(banner).toHaveCount(0);
  } finally {
    await app.close();
  }
});
