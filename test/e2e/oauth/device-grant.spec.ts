/**
 * "Sign in on another device": the OAuth 2.0 device authorization grant, end to end. The window
 * shows the code, the verification link and a QR code; the user's other browser (a second page)
 * opens the link, types the code, signs in and approves; the app, polling at the server's
 * interval (1 s in this world), is then signed in. Denial and expiry are errors naming the server.
 */
import {
  chooseServer,
  directSummary,
  expect,
  homeUi,
  QUICK,
  signInUi,
  test,
  type UserBrowser,
} from './support/oauthTest.js';
import type { Page } from '@playwright/test';
import { readQrCode } from '../support/readQrCode.js';

test.describe.configure({ timeout: 60_000 });

function deviceUi(page: Page) {
  return {
    panel: page.getByRole('region', { name: 'Sign in on another device' }),
    code: page.getByTestId('device-grant-code'),
    link: page.getByTestId('device-grant-link'),
    qr: page.getByRole('img', { name: /QR code of the sign-in link/ }),
    expiry: page.getByTestId('device-grant-expiry'),
  };
}

/** What the user does on the other device: open the link, type the code, sign in. */
async function enterCodeElsewhere(page: Page, user: UserBrowser): Promise<void> {
  const ui = deviceUi(page);
  await user.visit((await ui.link.getAttribute('href'))!);
  await user.enterUserCode((await ui.code.textContent())!);
  await user.logIn('alice', 'alice-password');
}

test('approved on another device: signed in on the device the app chose', async ({
  appHandle: { page },
  world,
  oauth,
  opener,
  user,
}) => {
  const alice = world.oauthUsers!.find((u) => u.username === 'alice')!;
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.deviceGrant.click();

  const device = deviceUi(page);
  await expect(device.panel).toBeVisible(QUICK);
  const [pending] = await oauth.as.pendingDeviceCodes();
  // The server lists its codes without the separator it shows people ("ABCD-EFGH").
  expect((await device.code.textContent())!.replace(/[^A-Z]/gi, '')).toBe(pending!.userCode);
  await expect(device.link).toHaveAttribute('href', /^https:\/\/127\.0\.0\.1:\d+\/device/);
  await expect(device.qr).toBeVisible();
  // A phone's camera reads the link with the code in it (verification_uri_complete).
  const scanned = new URL((await readQrCode(device.qr))!);
  expect(`${scanned.origin}${scanned.pathname}`).toBe(await device.link.getAttribute('href'));
  expect(scanned.searchParams.get('user_code')?.replace(/[^A-Z]/gi, '')).toBe(pending!.userCode);
  await expect(device.expiry).toContainText(/expires in \d+:\d\d/);
  await expect(ui.progress).toContainText('approve the sign-in');
  await expect(ui.cancel).toBeVisible();
  expect(opener.opened, 'nothing is opened on this computer').toEqual([]);
  await page.screenshot({ path: test.info().outputPath('device-grant.png'), fullPage: true });

  await enterCodeElsewhere(page, user);
  await user.consent('allow');
  await expect(user.page.locator('#device-success')).toBeVisible();

  const home = homeUi(page);
  // The app learns of the approval at its next poll (1 s here), then signs in: on a loaded
  // machine that has taken more than QUICK's 5 s.
  await expect(home.summary).toHaveText(directSummary(alice.userId, oauth.hs.baseUrl), {
    timeout: 20_000,
  });
  // The session is on the device the app asked for, with the Matrix API scope.
  const deviceId = (await home.deviceId.textContent())!;
  const [token] = oauth.as.issuedTokens('alice').filter((t) => t.kind === 'access_token');
  expect(token!.scope.split(' ').sort()).toEqual(
    ['urn:matrix:client:api:*', `urn:matrix:client:device:${deviceId}`].sort(),
  );
});

test('denied on the other device: an error naming the server, back to the methods', async ({
  appHandle: { page },
  oauth,
  user,
}) => {
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.deviceGrant.click();
  await expect(deviceUi(page).panel).toBeVisible(QUICK);

  await enterCodeElsewhere(page, user);
  await user.consent('deny');

  await expect(ui.loginError.or(ui.notice)).toContainText(
    new RegExp(`refused on ${oauth.issuerHost.replace(/\./g, '\\.')}`),
    QUICK,
  );
  await expect(deviceUi(page).panel).toBeHidden();
  await expect(ui.deviceGrant).toBeEnabled();
  await expect(homeUi(page).summary).toBeHidden();
});

test('the code expires: an error naming the server, and polling stops', async ({
  appHandle: { page },
  oauth,
}) => {
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.deviceGrant.click();
  await expect(deviceUi(page).panel).toBeVisible(QUICK);

  expect(await oauth.as.expireDeviceCode()).toBe(1);
  await expect(ui.loginError.or(ui.notice)).toContainText(/expired/, QUICK);
  await expect(ui.loginError.or(ui.notice)).toContainText(oauth.issuerHost);
  await expect(deviceUi(page).panel).toBeHidden();
  const polls = oauth.as.requestCount({ method: 'POST', path: '/token' });
  // Barrier: a fresh discovery round-trip through the app after the error is shown.
  await ui.changeServer.click();
  await chooseServer(page, oauth.hs.baseUrl);
  expect(oauth.as.requestCount({ method: 'POST', path: '/token' }), 'no poll after expiry').toBe(
    polls,
  );
});

test('Cancel stops the wait and the polling', async ({ appHandle: { page }, oauth }) => {
  const ui = signInUi(page);
  await chooseServer(page, oauth.hs.baseUrl);
  await ui.deviceGrant.click();
  await expect(deviceUi(page).panel).toBeVisible(QUICK);
  await ui.cancel.click();
  await expect(ui.loginError.or(ui.notice)).toContainText(/cancel/i, QUICK);
  await expect(deviceUi(page).panel).toBeHidden();
  const polls = oauth.as.requestCount({ method: 'POST', path: '/token' });
  await ui.changeServer.click();
  await chooseServer(page, oauth.hs.baseUrl);
  expect(oauth.as.requestCount({ method: 'POST', path: '/token' }), 'no poll after Cancel').toBe(
    polls,
  );
});
