/**
 * The proxy setting and proxy sign-in through the window (issue 12): from the sign-in screen, by
 * keyboard, choose a manual proxy (a real proxy-chain proxy that asks for credentials); signing
 * in then asks for the proxy's user name and password in a dialog naming the proxy; remembered,
 * they are listed in Settings → Network after a restart, and the password never reached the
 * page. Escape cancels, and the error names the proxy. axe checks the form and the dialog.
 */
import { Server as ProxyServer } from 'proxy-chain';
import { expectAccessible } from '../support/axe.js';
import { tabTo } from '../support/keyboard.js';
import { expect, QUICK, signInUi, submitPassword, test } from '../support/loginTest.js';
import { homeUi } from '../support/screens.js';

const CORP = { username: 'corp-user', password: 'proxy-S3cret' };

async function startAuthProxy() {
  const log: { authorized: boolean }[] = [];
  const server = new ProxyServer({
    port: 0,
    host: '127.0.0.1',
    verbose: false,
    prepareRequestFunction: ({ username, password }) => {
      const authorized = username === CORP.username && password === CORP.password;
      log.push({ authorized });
      return { requestAuthentication: !authorized };
    },
  });
  await server.listen();
  return { server, log, url: `http://127.0.0.1:${server.port}` };
}

let proxy: Awaited<ReturnType<typeof startAuthProxy>>;
test.beforeEach(async () => {
  proxy = await startAuthProxy();
});
test.afterEach(async () => {
  await proxy.server.close(true);
});

async function chooseManualProxy(page: import('@playwright/test').Page, url: string) {
  const summary = page.getByText('Network and proxy');
  await summary.focus();
  await page.keyboard.press('Enter');
  const system = page.getByRole('radio', { name: 'Use the system proxy settings' });
  await expect(system).toBeChecked(QUICK);
  await tabTo(page, system);
  // Arrow keys move through the radio group: system → none → manual.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Manual proxy' })).toBeChecked();
  const urlField = page.getByRole('textbox', { name: 'Proxy URL' });
  await tabTo(page, urlField);
  await page.keyboard.type(url);
  await expectAccessible(page, 'manual proxy form');
  await tabTo(page, page.getByRole('button', { name: 'Save proxy' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('proxy-saved')).toHaveText(
    `Saved: the proxy ${url} is used from now on.`,
    QUICK,
  );
  await expect(page.getByTestId('proxy-setting')).toHaveText(`Proxy: the proxy ${url}`);
}

test('a manual proxy chosen by keyboard asks for its sign-in, which is remembered', async ({
  appHandle,
  world,
}) => {
  const { page } = appHandle;
  await chooseManualProxy(page, proxy.url);

  const ui = signInUi(page);
  await ui.homeserver.fill(world.hs1.baseUrl);
  await ui.continue.click();
  const dialog = page.getByTestId('proxy-auth-dialog');
  await expect(dialog).toBeVisible(QUICK);
  await expect(dialog).toContainText(`The proxy ${proxy.url} asks for a user name and password`);
  const username = dialog.getByRole('textbox', { name: 'User name' });
  await expect(username).toBeFocused();
  // Quickly, as the sign-in's own deadline runs while the request waits (axe: the next test).
  await page.keyboard.type(CORP.username);
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(CORP.password);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('checkbox', { name: /Remember on this computer/ })).toBeChecked();
  await tabTo(page, dialog.getByRole('button', { name: 'Sign in' }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden(QUICK);
  await expect(ui.loginServer).toBeVisible(QUICK);

  await submitPassword(page, 'alice', 'alice-password');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  expect(proxy.log.some((e) => e.authorized)).toBe(true);

  await appHandle.restartApp();
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  await homeUi(page).settingsNav.click();
  await expect(page.getByTestId('remembered-proxies')).toContainText(proxy.url, QUICK);
  await expect(page.getByTestId('proxy-auth-dialog')).toHaveCount(0);
  // The password went page → main only: nothing main sent to any page carries it.
  expect(appHandle.frames().some((frame) => frame.includes(CORP.password))).toBe(false);
});

test('the proxy sign-in dialog is accessible, and a wrong password is said to be refused', async ({
  appHandle: { page },
  world,
}) => {
  await chooseManualProxy(page, proxy.url);
  const ui = signInUi(page);
  await ui.homeserver.fill(world.hs1.baseUrl);
  await ui.continue.click();
  const dialog = page.getByTestId('proxy-auth-dialog');
  await expect(dialog).toBeVisible(QUICK);
  await page.keyboard.type(CORP.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('wrong');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('proxy-auth-refused')).toHaveText(
    'The proxy refused the user name and password. Check them and try again, or cancel.',
    QUICK,
  );
  await expect(dialog.getByRole('textbox', { name: 'User name' })).toBeFocused();
  await expectAccessible(page, 'proxy sign-in dialog, password refused');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden(QUICK);
});

test('Escape cancels the proxy sign-in, and the error names the proxy', async ({
  appHandle: { page },
  world,
}) => {
  await chooseManualProxy(page, proxy.url);
  const ui = signInUi(page);
  await ui.homeserver.fill(world.hs1.baseUrl);
  await ui.continue.click();
  const dialog = page.getByTestId('proxy-auth-dialog');
  await expect(dialog).toBeVisible(QUICK);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden(QUICK);
  await expect(ui.discoverError).toContainText(
    `the proxy ${proxy.url} asks for a user name and password`,
    QUICK,
  );
  expect(world.hs1.requests()).toHaveLength(0);
});
