/**
 * How a routed session ends: the server ends the token but keeps the device (soft logout: sign
 * in again with the password, same device), the server ends the device (hard logout: back to
 * sign-in, nothing kept), or the user signs out (/logout on the target, nothing kept).
 */
import {
  findInDataDir,
  storedRecord,
  storedSealedSecrets,
  TOKEN_PATTERNS,
} from '../support/dataDir.js';
import {
  chooseServer,
  directSummary,
  eventually,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  signInUi,
  submitPassword,
  test,
} from '../support/loginTest.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';

test.describe.configure({ timeout: 30_000 });
// Without refresh tokens an ended access token cannot be renewed: the server's verdict stands.
test.use({ worldOptions: { homeserver: { refreshTokens: false } } });

/** Signs alice in at the portal (routed to hs1) and waits until her sync is parked on hs1. */
async function signInRouted(page: Page, world: World): Promise<string> {
  const alice = world.user('alice');
  await chooseServer(page, world.portal.baseUrl);
  await submitPassword(page, 'alice', alice.password);
  await expect(homeUi(page).summary).toHaveText(
    routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
    QUICK,
  );
  await eventually('the app long-polls hs1', () => world.hs1.pendingSyncs('alice') > 0);
  return (await homeUi(page).deviceId.textContent()) ?? '';
}

/** Another device writes account data: the parked /sync answers, and the next one meets the 401. */
function wakeSync(world: World): void {
  world.hs1.setAccountData('alice', 'org.example.nudge', { at: Date.now() });
}

test('soft logout: sign in again with the password, on the same device', async ({
  appHandle,
  world,
}) => {
  const { app, page } = appHandle;
  const alice = world.user('alice');
  const deviceId = await signInRouted(page, world);
  expect(deviceId).not.toBe('');

  expect(world.hs1.expireTokens({ user: 'alice' }, 'soft')).toBe(1);
  wakeSync(world);

  const ui = signInUi(page);
  await expect(ui.softLogoutHeading).toBeVisible(QUICK);
  await expect(ui.softLogoutSummary).toContainText(alice.userId);
  await expect(ui.softLogoutSummary).toContainText(world.hs1.baseUrl);
  await expect(ui.identifier).toBeHidden();
  await expect(ui.signOut).toBeVisible();
  // The device is kept, its token is not.
  expect(storedRecord(app.dataDir)).toMatchObject({ userId: alice.userId, deviceId });
  expect(storedSealedSecrets(app.dataDir)).toBeUndefined();

  // Still asks after a restart.
  await appHandle.restartApp();
  await expect(ui.softLogoutHeading).toBeVisible(QUICK);

  await ui.password.fill(alice.password);
  await ui.signIn.click();
  const home = homeUi(page);
  await expect(home.summary).toHaveText(
    routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
    QUICK,
  );
  await expect(home.deviceId).toHaveText(deviceId);
  expect(world.hs1.devices('alice').map((d) => d.deviceId)).toEqual([deviceId]);
  await eventually('the new token syncs on hs1', () =>
    world.hs1
      .requests({ path: '/sync' })
      .some((r) => r.status === 200 && r.time > Date.now() - 5_000),
  );
});

test('soft logout after single sign-on offers single sign-on again, on the same device', async ({
  appHandle: { page },
  world,
  systemBrowser,
}) => {
  // A server where SSO is the only way in: a password form would be a dead end.
  world.hs1.setLoginConfig({ password: false });
  const alice = world.user('alice');
  const ui = signInUi(page);
  await chooseServer(page, world.hs1.baseUrl);
  await ui.sso('Test IdP').click();
  const home = homeUi(page);
  await expect(home.summary).toHaveText(directSummary(alice.userId, world.hs1.baseUrl), QUICK);
  const deviceId = (await home.deviceId.textContent()) ?? '';
  await eventually('the app long-polls hs1', () => world.hs1.pendingSyncs('alice') > 0);

  world.hs1.expireTokens({ user: 'alice' }, 'soft');
  wakeSync(world);
  await expect(ui.softLogoutHeading).toBeVisible(QUICK);
  await expect(ui.sso('Test IdP')).toBeVisible(QUICK);
  await ui.sso('Test IdP').click();

  await expect(home.summary).toHaveText(directSummary(alice.userId, world.hs1.baseUrl), QUICK);
  await expect(home.deviceId).toHaveText(deviceId);
  expect(systemBrowser.opened).toHaveLength(2);
  expect(world.hs1.devices('alice').map((d) => d.deviceId)).toEqual([deviceId]);
});

test('soft logout: a wrong password keeps the user on the soft-logout screen', async ({
  appHandle: { page },
  world,
}) => {
  await signInRouted(page, world);
  world.hs1.expireTokens({ user: 'alice' }, 'soft');
  wakeSync(world);
  const ui = signInUi(page);
  await expect(ui.softLogoutHeading).toBeVisible(QUICK);

  await ui.password.fill('not-her-password');
  await ui.signIn.click();
  await expect(ui.loginError).toContainText(new URL(world.portal.baseUrl).host, QUICK);
  await expect(ui.softLogoutHeading).toBeVisible();
});

test('hard logout: back to sign-in with a notice, nothing kept', async ({ appHandle, world }) => {
  const { app, page } = appHandle;
  await signInRouted(page, world);

  expect(world.hs1.expireTokens({ user: 'alice' }, 'hard')).toBe(1);
  wakeSync(world);

  const ui = signInUi(page);
  await expect(ui.homeserver).toBeVisible(QUICK);
  await expect(ui.notice).toContainText(new URL(world.hs1.baseUrl).host);
  await expect(ui.notice).toContainText(/ended your session|signed out/i);
  expect(storedRecord(app.dataDir)).toBeUndefined();
  expect(storedSealedSecrets(app.dataDir)).toBeUndefined();

  await appHandle.restartApp();
  await expect(ui.homeserver).toBeVisible(QUICK);
});

test('sign out: /logout on the target, and the data directory keeps no session', async ({
  appHandle,
  world,
}) => {
  const { app, page } = appHandle;
  await signInRouted(page, world);
  expect(world.hs1.devices('alice')).toHaveLength(1);

  await homeUi(page).signOut.click();
  const ui = signInUi(page);
  await expect(ui.homeserver).toBeVisible(QUICK);

  const logouts = world.hs1.requests({ method: 'POST', path: '/logout' });
  expect(logouts.map((r) => [r.authorization, r.status])).toEqual([[true, 200]]);
  expect(world.hs1.devices('alice')).toEqual([]);
  expect(world.portal.requestCount({ path: '/logout' })).toBe(0);
  expect(storedRecord(app.dataDir)).toBeUndefined();
  expect(storedSealedSecrets(app.dataDir)).toBeUndefined();
  expect(findInDataDir(app.dataDir, TOKEN_PATTERNS)).toEqual([]);

  // A restart finds nothing to resume.
  const requestsBefore = world.hs1.requests().length;
  await appHandle.restartApp();
  await expect(ui.homeserver).toBeVisible(QUICK);
  expect(world.hs1.requests()).toHaveLength(requestsBefore);
});

test('sign out while the homeserver cannot be reached: signed out here, and it says so', async ({
  appHandle,
  world,
}) => {
  const { app, page } = appHandle;
  await signInRouted(page, world);
  world.hs1.dropNext(1, '/logout');

  await homeUi(page).signOut.click();

  const ui = signInUi(page);
  await expect(ui.homeserver).toBeVisible(QUICK);
  await expect(ui.notice).toContainText(new URL(world.hs1.baseUrl).host);
  await expect(ui.notice).toContainText(/could not be reached/);
  await expect(ui.notice).toContainText(/may still be listed/);
  // The server never heard of it: the device is still there; nothing is kept here.
  expect(world.hs1.requests({ method: 'POST', path: '/logout' }).map((r) => r.status)).toEqual([0]);
  expect(world.hs1.devices('alice')).toHaveLength(1);
  expect(storedRecord(app.dataDir)).toBeUndefined();
  expect(storedSealedSecrets(app.dataDir)).toBeUndefined();
  expect(findInDataDir(app.dataDir, TOKEN_PATTERNS)).toEqual([]);
});

test.describe('storage that cannot be read at start', () => {
  test('a truncated settings file: the sign-in screen says so, and signing in works', async ({
    appHandle,
    world,
  }) => {
    const { app, page } = appHandle;
    await signInRouted(page, world);
    const file = join(app.dataDir, 'settings.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));

    await appHandle.restartApp();

    const ui = signInUi(page);
    await expect(ui.homeserver).toBeVisible(QUICK);
    await expect(ui.notice).toContainText(`The settings file ${file} could not be read`);
    await expect(ui.notice).toContainText(/was reset/);
    await signInRouted(page, world);
  });

  test('a sealed sign-in the keyring cannot open: a clean sign-in that says why', async ({
    appHandle,
    world,
  }) => {
    const { app, page } = appHandle;
    await signInRouted(page, world);
    const file = join(app.dataDir, 'settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    // What a new OS keyring does to a sealed value: it no longer opens.
    settings['session.sealed'] =
      `test-only-aes-gcm:${Buffer.from('another key').toString('base64')}`;
    writeFileSync(file, JSON.stringify(settings));

    await appHandle.restartApp();

    const ui = signInUi(page);
    await expect(ui.homeserver).toBeVisible(QUICK);
    await expect(ui.softLogoutHeading).toBeHidden();
    await expect(ui.notice).toContainText(
      `The saved sign-in for ${world.user('alice').userId} on ${new URL(world.hs1.baseUrl).host} could not be unlocked`,
    );
    expect(storedRecord(app.dataDir)).toBeUndefined();
    await signInRouted(page, world);
  });
});

test.describe('with refresh tokens', () => {
  test.use({ worldOptions: {} });

  test('a device signed out from another session: sign-in screen says so, nothing kept', async ({
    appHandle,
    world,
  }) => {
    const { app, page } = appHandle;
    await signInRouted(page, world);
    // "Sign out that device" elsewhere: its access and refresh tokens end with it.
    expect(world.hs1.expireTokens({ user: 'alice' }, 'hard')).toBe(1);
    wakeSync(world);

    const ui = signInUi(page);
    await expect(ui.homeserver).toBeVisible(QUICK);
    await expect(ui.notice).toContainText(
      `Your session on ${new URL(world.hs1.baseUrl).host} was signed out from another device or by the server.`,
    );
    await expect(ui.softLogoutHeading).toBeHidden();
    expect(storedRecord(app.dataDir)).toBeUndefined();
    expect(storedSealedSecrets(app.dataDir)).toBeUndefined();
    await appHandle.restartApp();
    await expect(ui.homeserver).toBeVisible(QUICK);
    await expect(ui.softLogoutHeading).toBeHidden();
  });

  test('an ended access token is refreshed without bothering the user', async ({
    appHandle: { page },
    world,
  }) => {
    const deviceId = await signInRouted(page, world);
    world.hs1.expireTokens({ user: 'alice' }, 'soft');
    wakeSync(world);

    await eventually('the app refreshed on hs1', () =>
      world.hs1.requests({ path: '/refresh' }).some((r) => r.status === 200),
    );
    await eventually('and synced with the new token', () => world.hs1.pendingSyncs('alice') > 0);
    const home = homeUi(page);
    await expect(home.summary).toBeVisible();
    await expect(home.deviceId).toHaveText(deviceId);
    await expect(signInUi(page).softLogoutHeading).toBeHidden();
    expect(world.portal.requestCount({ path: '/refresh' })).toBe(0);
  });
});
