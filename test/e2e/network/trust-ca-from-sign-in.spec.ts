/**
 * "Trust this certificate authority" offered by the sign-in error itself (issue 12 item 3: offered
 * when a TLS failure names one): a homeserver with a private CA is refused at discovery with the
 * certificate error code; the error offers "Review certificate authority…", which opens the trust
 * dialog for that server; trusting it lets discovery and sign-in succeed.
 */
import { X509Certificate } from 'node:crypto';
import { startHomeserver, type Homeserver } from '../../fixtures/index.js';
import { expectAccessible } from '../support/axe.js';
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

test('the sign-in error offers to review the CA; trusting it lets sign-in succeed', async ({
  appHandle: { page },
}) => {
  const fingerprint = new X509Certificate(privateServer.caPem!).fingerprint256;
  const ui = signInUi(page);
  await ui.homeserver.fill(privateServer.baseUrl);
  await ui.continue.click();
  await expect(ui.discoverError).toContainText('TLS certificate is not trusted', QUICK);
  await expect(ui.discoverError).toHaveAttribute('data-code', 'TLS_UNTRUSTED');

  const review = page.getByRole('button', { name: 'Review certificate authority…' });
  await expectAccessible(page, 'sign-in error with the CA offer');
  await review.click();
  const dialog = page.getByTestId('trust-ca-dialog');
  await expect(dialog).toBeVisible(QUICK);
  await expect(dialog).toContainText(privateServer.baseUrl.replace(/^https:\/\//, ''));
  await expect(dialog.getByTestId('trust-ca-fingerprint')).toHaveText(fingerprint);
  await dialog.getByRole('button', { name: 'Trust this certificate authority' }).click();
  await expect(dialog).toBeHidden(QUICK);
  await expect(page.getByTestId('trust-ca-offer-status')).toHaveText(
    'CN=Routed Matrix Test CA is trusted now. Try again.',
  );

  await ui.continue.click();
  await expect(ui.loginServer).toBeVisible(QUICK);
  await submitPassword(page, 'erin', 'erin-pw');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
});

test('no offer for an error that is not about a certificate', async ({ appHandle: { page } }) => {
  const ui = signInUi(page);
  await ui.homeserver.fill('http://127.0.0.1:9');
  await ui.continue.click();
  await expect(ui.discoverError).toBeVisible(QUICK);
  await expect(page.getByTestId('trust-ca-offer')).toHaveCount(0);
});
