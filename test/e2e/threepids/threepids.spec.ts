/**
 * Settings → Email addresses and phone numbers (issue 11, item 1): alice's addresses and whether
 * people find her by each; sharing her phone number with the texted code, keyboard only; sharing
 * her email through the link in the mail; new terms mid-session (review, then the share is
 * retried); the screen following the identity server live and sending it nothing while disabled.
 * What the servers received is read from their request logs.
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  expect,
  IDENTITY_EVENT,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  syncRoundTrip,
  test,
} from '../identity/identityTest.js';
import { expectAccessible } from '../support/axe.js';
import { tabTo } from '../support/keyboard.js';

test.describe.configure({ timeout: 45_000 });

function threepidsUi(page: Page) {
  const section = page.getByRole('region', { name: 'Email addresses and phone numbers' });
  const validation = page.getByTestId('threepid-validation');
  return {
    section,
    row: (address: string) =>
      section.locator(`[data-testid="threepid-row"][data-address="${address}"]`),
    share: (label: string) => section.getByRole('button', { name: `Share ${label}` }),
    stop: (label: string) => section.getByRole('button', { name: `Stop sharing ${label}` }),
    status: page.getByTestId('threepids-status'),
    error: page.getByTestId('threepids-error'),
    unavailable: page.getByTestId('threepids-unavailable'),
    goToSetting: section.getByRole('button', { name: 'Go to the identity server setting' }),
    validation,
    validationTitle: validation.getByRole('heading'),
    code: validation.getByRole('textbox', { name: /Code from the text message/ }),
    confirmed: validation.getByRole('button', { name: "I've confirmed" }),
    submitCode: validation.getByRole('button', { name: 'Submit code' }),
    termsOnDemand: page.getByTestId('terms-on-demand'),
  };
}

async function aliceReady(page: Page, world: World): Promise<void> {
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, requireIs(world).baseUrl);
}

const ALICE_PHONE = '+44 7700 900001';

test('lists the addresses, shares the phone number with the code, keyboard only', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = threepidsUi(page);
  const alice = world.user('alice');
  await expect(ui.row(alice.email!)).toContainText('Shared: people can find you by it', QUICK);
  await expect(ui.row(alice.msisdn!)).toContainText(ALICE_PHONE);
  await expect(ui.row(alice.msisdn!)).toContainText('Not shared');
  await expectAccessible(page, 'addresses listed');

  await tabTo(page, ui.share(ALICE_PHONE), { max: 40 });
  await page.keyboard.press('Enter');
  // Focus goes straight to the code field.
  await expect(ui.code).toBeFocused(QUICK);
  await expect(ui.validationTitle).toHaveText(`Share ${ALICE_PHONE}`);
  await expectAccessible(page, 'code asked');
  const code = requireIs(world).smsCode(alice.msisdn!)!;
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(
    `${ALICE_PHONE} is now shared: people can find you by it.`,
    QUICK,
  );
  await expect(ui.row(alice.msisdn!)).toContainText('Shared');
  expect(
    requireIs(world)
      .bindings()
      .map((b) => b.address),
  ).toContain(alice.msisdn);

  // Stop sharing the email, still from the keyboard.
  await tabTo(page, ui.stop(alice.email!), { max: 40, key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(`${alice.email!} is no longer shared.`, QUICK);
  await expect(ui.row(alice.email!)).toContainText('Not shared');
});

test('shares the email through the link in the mail', async ({ appHandle: { page }, world }) => {
  await aliceReady(page, world);
  const ui = threepidsUi(page);
  const is = requireIs(world);
  const alice = world.user('alice');
  await ui.stop(alice.email!).click();
  await expect(ui.row(alice.email!)).toContainText('Not shared', QUICK);

  await ui.share(alice.email!).click();
  await expect(ui.validation).toContainText(`sent a mail to ${alice.email!}`, QUICK);
  // "I've confirmed" before opening the link: said so, nothing changes.
  await ui.confirmed.click();
  await expect(ui.error).toHaveAttribute('data-code', 'THREEPID_NOT_CONFIRMED', QUICK);
  const mail = is.sentEmails(alice.email!).at(-1)!;
  expect((await fetch(mail.link)).status).toBe(200);
  await ui.confirmed.click();
  await expect(ui.status).toHaveText(
    `${alice.email!} is now shared: people can find you by it.`,
    QUICK,
  );
  await expect(ui.row(alice.email!)).toContainText('Shared');
});

test('new terms mid-session: the review, then the share is retried once', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = threepidsUi(page);
  const is = requireIs(world);
  is.setTerms({
    privacy_policy: {
      version: '2.0',
      en: { name: 'Privacy Policy', url: `${is.baseUrl}/_terms/privacy-2.0-en.html` },
    },
  });
  is.resetRequests();
  await ui.share(ALICE_PHONE).click();
  await expect(ui.termsOnDemand).toBeVisible(QUICK);
  await expectAccessible(page, 'new terms asked');
  await ui.termsOnDemand.getByRole('checkbox', { name: 'Accept Privacy Policy' }).check();
  await ui.termsOnDemand.getByRole('button', { name: 'Accept terms' }).click();
  await expect(ui.validationTitle).toHaveText(`Share ${ALICE_PHONE}`, QUICK);
  await expect(ui.termsOnDemand).toBeHidden();
  // Refused once (new terms), then sent once after they were accepted.
  expect(
    is.requests({ path: '/_matrix/identity/v2/validate/msisdn/requestToken' }).map((r) => r.status),
  ).toEqual([403, 200]);
});

test('follows a disable from another device at once, and sends the server nothing', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = threepidsUi(page);
  const is = requireIs(world);
  const alice = world.user('alice');
  await expect(ui.row(alice.email!)).toContainText('Shared', QUICK);
  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
  await expect(ui.unavailable).toContainText('disabled for your account', QUICK);
  await expect(ui.row(alice.email!)).toContainText('Sharing unknown', QUICK);
  await expect(ui.share(ALICE_PHONE)).toHaveCount(0);
  await expectAccessible(page, 'identity server disabled');
  is.resetRequests();
  // Barrier: the app has handled everything the homeserver sent it.
  await syncRoundTrip(world.hs1, 'alice');
  expect(is.requests()).toEqual([]);
  await ui.goToSetting.click();
  await expect(page.getByRole('heading', { name: 'Identity server', exact: true })).toBeFocused(
    QUICK,
  );
});

test('adds an address with the password asked again, then removes it', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = threepidsUi(page);
  const added = 'alice.work@example.org';
  await ui.section.getByRole('textbox', { name: 'Address to add' }).fill(added);
  await ui.section.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(ui.validation).toContainText(`sent a mail to ${added}`, QUICK);
  const mail = world.hs1.threepidOutbox(added).at(-1)!;
  expect((await fetch(mail.link!)).status).toBe(200);
  await ui.confirmed.click();
  const password = ui.validation.getByLabel('Your account password');
  await expect(password).toBeFocused(QUICK);
  await expectAccessible(page, 'password asked again');
  await password.fill('alice-password');
  await page.keyboard.press('Enter');
  await expect(ui.status).toHaveText(`Added ${added} to your account.`, QUICK);
  await expect(ui.row(added)).toContainText('Not shared');
  expect(world.hs1.threepids('alice').map((t) => t.address)).toContain(added);

  await ui.section.getByRole('button', { name: `Remove ${added}` }).click();
  await expect(ui.status).toHaveText(`Removed ${added} from your account.`, QUICK);
  await expect(ui.row(added)).toHaveCount(0);
  expect(world.hs1.threepids('alice').map((t) => t.address)).not.toContain(added);
});
