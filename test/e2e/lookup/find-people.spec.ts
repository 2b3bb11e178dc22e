/**
 * "Find people" (issue 11, item 2 UI and item 4): paste or import addresses, see who is on
 * Matrix, cancel a long lookup, the consent question for a server without hashing, and a screen
 * that follows the identity server live and sends nothing while there is none. What the servers
 * received is read from their request logs.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  expect,
  IDENTITY_EVENT,
  lookupRequests,
  openIdentitySettings,
  QUICK,
  requireIs,
  signInAtPortal,
  syncRoundTrip,
  test,
} from '../identity/identityTest.js';
import { expectAccessible } from '../support/axe.js';
import { pressAndExpectFocus, tabTo } from '../support/keyboard.js';

test.describe.configure({ timeout: 45_000 });

function findPeopleUi(page: Page) {
  const section = page.getByRole('region', { name: 'Find people' });
  const dialog = page.getByTestId('plain-consent-dialog');
  const results = page.getByTestId('bulk-results');
  return {
    section,
    list: section.getByRole('textbox', { name: 'Addresses' }),
    file: section.getByLabel('Import contacts (.vcf or .csv)'),
    country: section.getByRole('combobox', { name: 'Country for numbers without a country code' }),
    lookUp: section.getByRole('button', { name: 'Find on Matrix' }),
    cancel: section.getByRole('button', { name: 'Cancel' }),
    status: page.getByTestId('find-people-status'),
    error: page.getByTestId('find-people-error'),
    unavailable: page.getByTestId('find-people-unavailable'),
    goToSetting: section.getByRole('button', { name: 'Go to the identity server setting' }),
    results,
    heading: results.getByRole('heading').first(),
    row: (address: string) => results.getByRole('row').filter({ hasText: address }),
    invalid: page.getByTestId('bulk-invalid'),
    dialog,
    plainAddresses: dialog.getByTestId('plain-addresses'),
    allow: dialog.getByRole('button', { name: 'Allow', exact: true }),
    refuse: dialog.getByRole('button', { name: "Don't allow" }),
  };
}

/** Alice signed in through the portal, the portal's IS terms accepted, settings open. */
async function aliceReady(page: Page, world: World): Promise<void> {
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, requireIs(world).baseUrl);
  await expect(findPeopleUi(page).lookUp).toBeEnabled(QUICK);
}

test('a pasted list shows who is on Matrix, and what was not an address', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const bob = world.user('bob');
  const carol = world.user('carol');
  await expectAccessible(page, 'find people, empty');

  await ui.list.fill(`${bob.email!}; ${carol.email!}\nnot an address`);
  await ui.lookUp.click();

  await expect(ui.heading).toContainText('1 of 2 on Matrix', QUICK);
  await expect(ui.row(bob.email!)).toContainText(bob.userId);
  await expect(ui.row(carol.email!)).toContainText('Not on Matrix here');
  await expect(ui.invalid).toContainText('not an address');
  await expectAccessible(page, 'find people, results');

  const download = page.waitForEvent('download');
  await ui.results.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('matrix-contacts.csv');
  const csv = readFileSync(await file.path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe('Address,User ID,Display name');
  expect(csv).toContainEqual(expect.stringMatching(`^${bob.email!},${bob.userId},`));
  expect(csv).toContainEqual(`${carol.email!},,`);
});

test('contacts imported from a .vcf and a .csv are added to the list and looked up', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const bob = world.user('bob');
  const carol = world.user('carol');
  const [local, domain] = bob.email!.split('@');
  const vcf = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    'FN:Bob',
    `item1.EMAIL;type=INTERNET;type=pref:${local!}@`,
    ` ${domain!}`,
    'END:VCARD',
  ].join('\r\n');
  await ui.file.setInputFiles({
    name: 'bob.vcf',
    mimeType: 'text/vcard',
    buffer: Buffer.from(vcf),
  });
  await expect(ui.status).toHaveText('Added 1 address from bob.vcf.', QUICK);
  await expect(ui.list).toHaveValue(`${bob.email!}\n`);

  const csv = `Name,E-mail Address,Notes\r\nCarol,${carol.email!},"a, b"\r\n`;
  await ui.file.setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await expect(ui.status).toHaveText('Added 1 address from people.csv.', QUICK);
  await expect(ui.list).toHaveValue(`${bob.email!}\n${carol.email!}\n`);

  await ui.lookUp.click();
  await expect(ui.heading).toContainText('1 of 2 on Matrix', QUICK);
  await expect(ui.row(bob.email!)).toContainText(bob.userId);
});

test('Cancel during a slow lookup stops it and says so', async ({ appHandle: { page }, world }) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const is = requireIs(world);
  is.addLatency(30_000, '/_matrix/identity/v2/lookup');

  await ui.list.fill(world.user('bob').email!);
  await ui.lookUp.click();
  await expect(ui.cancel).toBeVisible(QUICK);
  await expect(ui.status).toContainText('Looking up…');
  await expectAccessible(page, 'find people, in progress');
  await ui.cancel.click();

  await expect(ui.status).toHaveText('Lookup cancelled; nothing more was sent.', QUICK);
  await expect(ui.cancel).toBeHidden();
  await expect(ui.results).toBeHidden();
});

test.describe('a server that only takes addresses in the clear', () => {
  test.use({ worldOptions: { identityServer: { lookupAlgorithms: ['none'] } } });

  test('asks first, naming the server and the addresses; Allow looks them up', async ({
    appHandle: { page },
    world,
  }) => {
    await aliceReady(page, world);
    const ui = findPeopleUi(page);
    const is = requireIs(world);
    const bob = world.user('bob');

    await ui.list.fill(bob.email!);
    await ui.lookUp.click();
    await expect(ui.dialog).toBeVisible(QUICK);
    await expect(ui.dialog).toContainText(is.baseUrl);
    await expect(ui.plainAddresses).toContainText(bob.email!.toLowerCase());
    expect(is.requests({ method: 'POST', path: '/_matrix/identity/v2/lookup' })).toEqual([]);
    await expect(ui.refuse).toBeFocused();
    await expectAccessible(page, 'find people, consent dialog');

    await ui.allow.click();
    await expect(ui.dialog).toBeHidden(QUICK);
    await expect(ui.row(bob.email!)).toContainText(bob.userId, QUICK);
  });

  test("Don't allow sends nothing and says why", async ({ appHandle: { page }, world }) => {
    await aliceReady(page, world);
    const ui = findPeopleUi(page);
    const is = requireIs(world);

    await ui.list.fill(world.user('bob').email!);
    await ui.lookUp.click();
    await ui.refuse.click();

    await expect(ui.dialog).toBeHidden(QUICK);
    await expect(ui.status).toContainText(`Nothing was looked up: ${is.baseUrl}`);
    expect(is.requests({ method: 'POST', path: '/_matrix/identity/v2/lookup' })).toEqual([]);
  });
});

test('disabled while the screen is open: it says why, links to the setting, sends nothing', async ({
  appHandle: { page },
  world,
}) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const is = requireIs(world);
  await ui.list.fill(world.user('bob').email!);
  const before = lookupRequests(is).length;

  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });

  await expect(ui.unavailable).toContainText(
    'Finding people needs an identity server, and yours is disabled for your account',
    QUICK,
  );
  await expect(ui.lookUp).toBeDisabled();
  await ui.list.press('Enter');
  await expectAccessible(page, 'find people, disabled');
  await ui.goToSetting.click();
  await expect(page.getByRole('heading', { name: 'Identity server', exact: true })).toBeFocused();

  await syncRoundTrip(world.hs1, 'alice');
  expect(lookupRequests(is).length).toBe(before);
});

test('keyboard only: paste, look up, read the results', async ({ appHandle: { page }, world }) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const bob = world.user('bob');

  await tabTo(page, ui.list, { max: 60 });
  await page.keyboard.type(bob.email!);
  await tabTo(page, ui.lookUp);
  await page.keyboard.press('Enter');
  await expect(ui.row(bob.email!)).toContainText(bob.userId, QUICK);
  await pressAndExpectFocus(page, 'Tab', ui.results.getByRole('button', { name: 'Copy' }));
});

test('changed on another device: results from the old server go, and the new one waits for its terms', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  await aliceReady(page, world);
  const ui = findPeopleUi(page);
  const bob = world.user('bob');
  await ui.list.fill(bob.email!);
  await ui.lookUp.click();
  await expect(ui.row(bob.email!)).toContainText(bob.userId, QUICK);

  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: secondIs.baseUrl });

  await expect(ui.unavailable).toContainText(
    `Finding people needs ${secondIs.baseUrl}, whose terms you have not accepted yet`,
    QUICK,
  );
  await expect(ui.results).toBeHidden();
  await expect(ui.lookUp).toBeDisabled();
  await syncRoundTrip(world.hs1, 'alice');
  expect(lookupRequests(secondIs)).toEqual([]);
});
