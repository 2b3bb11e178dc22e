/**
 * Issue 13's demo, as README "The demo" tells it, through `npm run demo` itself (its console and
 * its two app processes, alice's and bob's, each with its own encryption store) and two pages of
 * one Chromium: alice invites bob by email into an encrypted room, they talk; then bob's app is
 * restarted (graceful) and alice's killed (SIGKILL) from the demo's console, each page reloaded;
 * the history still reads in clear, new messages still decrypt both ways, and neither person has
 * a new device on the homeserver. What the servers saw is read from their control APIs.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { homeUi, QUICK, signInUi } from '../support/screens.js';
import { startDemo, type DemoProcess } from './demoProcess.js';

test.describe.configure({ timeout: 120_000 });

/** Rust crypto's key exchange takes a few round trips on each side. */
const CRYPTO = { timeout: 20_000 };
/** A demo app (a new Node process under tsx) starting on a loaded machine. */
const APP_START_MS = 30_000;
/**
 * "Opening your session…" in a fresh app process: the first sign-in or resume there loads
 * matrix-js-sdk and Rust crypto's WebAssembly, seconds on a busy machine.
 */
const SESSION = { timeout: 30_000 };

let demo: DemoProcess | undefined;
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (demo && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach('demo-console', {
      body: demo.lines.join('\n'),
      contentType: 'text/plain',
    });
  await demo?.close();
  demo = undefined;
});

test('alice invites bob by email, they talk encrypted, and it survives a restart of either app', async ({
  browser,
}) => {
  demo = startDemo();
  const printed = async (pattern: RegExp, from = 0) => (await demo!.waitForLine(pattern, from))[1]!;
  const portal = await printed(/^ {2}Portal: +(\S+)/);
  const hs1 = await printed(/^ {2}Homeserver hs1: +(\S+)/);
  const identityServer = await printed(/^ {2}Identity server: +(\S+)/);
  const bobId = await printed(
    /^ {4}bob \/ bob-password +→ hs1 +(@bob:\S+) +bob@example\.org \(shared/,
  );
  const aliceId = await printed(/^ {4}alice \/ alice-password +→ hs1 +(@alice:\S+)/);
  const alice = await openApp(browser, await printed(/^alice's app: (http\S+)/, 0));
  const bob = await openApp(browser, await printed(/^bob's app: (http\S+)/, 0));

  // Each signs in through the portal the demo's profile offers.
  await Promise.all([signIn(alice, portal, 'alice'), signIn(bob, portal, 'bob')]);
  const devicesAtStart = { alice: await devices(hs1, aliceId), bob: await devices(hs1, bobId) };
  expect(devicesAtStart.alice).toHaveLength(1);
  expect(devicesAtStart.bob).toHaveLength(1);

  // alice accepts the identity server's terms, creates an encrypted room and invites bob by email.
  await acceptIdentityTerms(alice, identityServer);
  await alice.getByRole('button', { name: 'Rooms' }).click();
  await alice.getByRole('button', { name: 'New room' }).click();
  const form = alice.getByRole('form', { name: 'New room' });
  await form.getByRole('radio', { name: 'Private room' }).check();
  await form.getByRole('textbox', { name: 'Room name' }).fill('Plans');
  await expect(form.getByRole('checkbox', { name: 'End-to-end encrypted' })).toBeChecked();
  await form.getByRole('button', { name: 'Create' }).click();
  await expectRoomOpen(alice);
  await alice.getByRole('button', { name: 'Invite', exact: true }).click();
  await alice
    .getByRole('textbox', { name: 'Matrix ID, email address or phone number' })
    .fill('bob@example.org');
  await alice.keyboard.press('Enter');
  await expect(alice.getByTestId('invite-status')).toHaveText(`Invited ${bobId}.`, QUICK);

  // bob accepts; they talk.
  await bob.getByRole('button', { name: 'Rooms' }).click();
  await bob.getByRole('button', { name: 'Accept invitation to Plans' }).click();
  await expectRoomOpen(bob);
  // alice's app encrypts for the members it knows: bob must have joined in her view first.
  await expect(timeline(alice)).toContainText(/\bbob\S* joined/, CRYPTO);
  await say(alice, 'Hello bob, only we can read this');
  await expect(timeline(bob)).toContainText('Hello bob, only we can read this', CRYPTO);
  await say(bob, 'Hi alice, loud and clear');
  await expect(timeline(alice)).toContainText('Hi alice, loud and clear', CRYPTO);

  // From the demo's console, bob's app quits and starts again while alice's is killed and starts
  // again (each app's commands run in turn, the two apps' side by side). Each page reloads.
  const from = demo.lines.length;
  demo.type('restart bob');
  demo.type('kill alice');
  await Promise.all([
    backAfter(bob, /^bob's app: (http\S+) +\(restarted/, from),
    backAfter(alice, /^alice's app: (http\S+) +\(started again after SIGKILL/, from),
  ]);

  // The conversation is still there, in clear, in the encrypted room, and goes on both ways.
  for (const page of [alice, bob]) {
    await page.getByRole('button', { name: 'Rooms' }).click();
    await page.getByTestId('room-list').getByRole('button', { name: /Plans/ }).click();
    await expectRoomOpen(page);
    await expect(timeline(page)).toContainText('Hello bob, only we can read this', CRYPTO);
    await expect(timeline(page)).toContainText('Hi alice, loud and clear', CRYPTO);
  }
  await say(alice, 'Back after a crash');
  await expect(timeline(bob)).toContainText('Back after a crash', CRYPTO);
  await say(bob, 'Back after a restart');
  await expect(timeline(alice)).toContainText('Back after a restart', CRYPTO);
  for (const page of [alice, bob])
    await expect(timeline(page)).not.toContainText('Encrypted message');

  // No new device for either (the same sessions went on), and only ciphertext was sent.
  expect(await devices(hs1, aliceId)).toEqual(devicesAtStart.alice);
  expect(await devices(hs1, bobId)).toEqual(devicesAtStart.bob);
  const sends = await sentEventTypes(hs1);
  expect(sends.filter((type) => type === 'm.room.encrypted').length).toBeGreaterThanOrEqual(4);
  expect(sends).not.toContain('m.room.message');

  async function backAfter(page: Page, ready: RegExp, from: number) {
    const url = (await demo!.waitForLine(ready, from, APP_START_MS))[1]!;
    expect(url).toBe(page.url()); // the same page: a reload is enough
    await page.reload();
    await expect(homeUi(page).summary).toBeVisible(SESSION);
  }
});

async function openApp(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  test.info().annotations.push({ type: 'app', description: url.replace(/#.*/, '') });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function signIn(page: Page, portal: string, name: string): Promise<void> {
  const ui = signInUi(page);
  await expect(ui.homeserver).toHaveValue(portal, QUICK);
  await ui.continue.click();
  await ui.identifier.fill(name);
  await ui.password.fill(`${name}-password`);
  await ui.signIn.click();
  await expect(homeUi(page).summary).toBeVisible(SESSION);
}

/** Settings → the identity server's terms: review, tick every policy, accept. */
async function acceptIdentityTerms(page: Page, identityServer: string): Promise<void> {
  await homeUi(page).settingsNav.click();
  await page
    .getByTestId('identity-terms-needed')
    .getByRole('button', { name: 'Review terms' })
    .click();
  const terms = page.getByTestId('terms-review');
  for (const policy of ['Privacy Policy', 'Terms of Service'])
    await terms.getByRole('checkbox', { name: `Accept ${policy}` }).check();
  await terms.getByRole('button', { name: 'Accept terms' }).click();
  await expect(page.getByTestId('identity-status')).toHaveText(
    `Accepted the terms of ${identityServer}.`,
    QUICK,
  );
}

function timeline(page: Page) {
  return page.getByRole('log');
}

async function expectRoomOpen(page: Page): Promise<void> {
  await expect(page.getByTestId('room-name')).toHaveText('Plans', QUICK);
  await expect(page.getByText('End-to-end encrypted', { exact: true })).toBeVisible();
}

async function say(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: /^Message to / });
  await composer.fill(text);
  await composer.press('Enter');
  const sent = timeline(page).getByTestId('timeline-item').filter({ hasText: text });
  await expect(sent).toHaveAttribute('data-status', 'sent', CRYPTO);
}

/** The devices the homeserver has for a user (its control API: no sign-in, no new device). */
async function devices(hs: string, userId: string): Promise<string[]> {
  const response = await fetch(`${hs}/_control/users/${encodeURIComponent(userId)}/devices`);
  const body = (await response.json()) as { devices: { deviceId: string }[] };
  return body.devices.map((d) => d.deviceId).sort();
}

/** The event type of every message the homeserver was asked to send, from its request log. */
async function sentEventTypes(hs: string): Promise<string[]> {
  const response = await fetch(`${hs}/_control/requests?method=PUT`);
  const body = (await response.json()) as { requests: { path: string }[] };
  return body.requests
    .map((r) => /\/rooms\/[^/]+\/send\/([^/]+)\//.exec(r.path)?.[1])
    .filter((type): type is string => type !== undefined)
    .map(decodeURIComponent);
}
