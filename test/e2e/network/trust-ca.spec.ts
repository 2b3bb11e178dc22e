/**
 * "Trust this certificate authority" through the window (issue 12): a homeserver with its own
 * private CA (which it sends along) is refused; Test connection offers to trust its issuer; the
 * dialog shows the CA's subject and SHA-256 fingerprint, starts on Cancel, and works by
 * keyboard; trusting lets sign-in succeed; removing it in Settings → Network makes the next
 * connection fail again. axe checks the dialog.
 */
import { X509Certificate } from 'node:crypto';
import { startHomeserver, type Homeserver } from '../../fixtures/index.js';
import { expectAccessible } from '../support/axe.js';
import { tabTo } from '../support/keyboard.js';
import { expect, QUICK, signInUi, submitPassword, test } from '../support/loginTest.js';
import { homeUi } from '../support/screens.js';

let privateServer: Homeserver;
test.beforeEach(async () => {
  privateServer = await startHomeserver({
    tls: { freshCertificate: true, sendRoot: true },
    users: [{ localpart: 'erin', password: 'erin-pw' }],
  });
});
test.afterEach(async () => {
  await privateServer.close();
});

test('trusting the server’s CA lets sign-in succeed; removing it makes the connection fail again', async ({
  appHandle: { page },
}) => {
  const fingerprint = new X509Certificate(privateServer.caPem!).fingerprint256;
  const ui = signInUi(page);
  await ui.homeserver.fill(privateServer.baseUrl);
  await ui.continue.click();
  await expect(ui.discoverError).toContainText('TLS certificate is not trusted', QUICK);

  await page.getByText('Network and proxy').click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('test-connection-result');
  await expect(result).toHaveAttribute('data-ok', 'false', QUICK);
  const offer = page.getByRole('button', { name: 'Trust this certificate authority…' });
  await offer.focus();
  await page.keyboard.press('Enter');

  const dialog = page.getByTestId('trust-ca-dialog');
  await expect(dialog).toBeVisible(QUICK);
  await expect(dialog.getByTestId('trust-ca-subject')).toHaveText('CN=Routed Matrix Test CA');
  await expect(dialog.getByTestId('trust-ca-fingerprint')).toHaveText(fingerprint);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(page, 'trust CA dialog');
  await page.keyboard.press('Shift+Tab');
  await expect(
    dialog.getByRole('button', { name: 'Trust this certificate authority' }),
  ).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden(QUICK);
  await expect(page.getByTestId('trusted-cas')).toContainText(fingerprint);

  await ui.continue.click();
  await expect(ui.loginServer).toBeVisible(QUICK);
  await submitPassword(page, 'erin', 'erin-pw');
  await expect(homeUi(page).summary).toBeVisible(QUICK);

  await homeUi(page).settingsNav.click();
  const remove = page.getByRole('button', { name: 'Remove CN=Routed Matrix Test CA' });
  await tabTo(page, remove, { max: 40 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('trusted-cas-empty')).toBeVisible(QUICK);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-connection-result')).toHaveAttribute(
    'data-ok',
    'false',
    QUICK,
  );
  await expect(
    page.getByTestId('test-connection-result').locator('[data-step="tls"]'),
  ).toHaveAttribute('data-outcome', 'failed');
  await expect(
    page.getByRole('button', { name: 'Trust this certificate authority…' }),
  ).toBeVisible();
});
