/**
 * The connection indicator (issue 9): when the session's /sync stops getting answers the window
 * says so — which server, what went wrong, a live countdown to the next try — and "Retry now"
 * works from the keyboard. Back to connected, only an empty status region remains. axe checks
 * each state.
 *
 * Faults are injected on the homeserver's /sync; writing any account data answers the open
 * long-poll, so the app's next /sync meets the fault at once. A 429 asking for 60 s keeps the
 * state steady for the checks; only "Retry now" can end it within the test's time.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Homeserver } from '../../fixtures/index.js';
import { chooseServer, expect, submitPassword, test } from '../support/loginTest.js';
import { eventually, homeUi, QUICK } from '../support/screens.js';

test.describe.configure({ timeout: 45_000 });

function connectionUi(page: Page) {
  const indicator = page.getByTestId('connection-status');
  return {
    indicator,
    status: indicator.getByRole('status'),
    countdown: indicator.getByRole('timer'),
    retryNow: indicator.getByRole('button', { name: 'Retry now' }),
  };
}

async function signedInAsAlice(page: Page, hs: Homeserver): Promise<void> {
  await chooseServer(page, hs.baseUrl);
  await submitPassword(page, 'alice', 'alice-password');
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  await eventually('the app long-polls /sync', () => hs.pendingSyncs('alice') > 0);
}

/** Answers the app's open long-poll, so its next /sync meets whatever fault is queued. */
function wakeTheLongPoll(hs: Homeserver): void {
  hs.setAccountData('alice', 'org.example.nudge', { at: Date.now() });
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
}

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user would. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, limit = 15) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('Tab never reached the target');
}

test('connected: nothing to see, but a status region is in place', async ({
  appHandle: { page },
  world,
}) => {
  await signedInAsAlice(page, world.hs1);
  const ui = connectionUi(page);
  await expect(ui.indicator).toHaveAttribute('data-state', 'connected');
  await expect(ui.status).toHaveText('');
  await expect(ui.retryNow).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('reconnecting: names the server and the problem, counts down, and "Retry now" by keyboard reconnects', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  await signedInAsAlice(page, hs);
  const ui = connectionUi(page);
  const host = new URL(hs.baseUrl).host;
  hs.rateLimitNext(1, { retryAfterMs: 60_000, path: '/sync' });
  wakeTheLongPoll(hs);

  await expect(ui.status).toHaveText(
    `Reconnecting to ${host}: it asked the app to slow down.`,
    QUICK,
  );
  await expect(ui.indicator).toHaveAttribute('data-state', 'reconnecting');
  await expect(ui.countdown).toHaveText(/^Next try in (60|59|58) s$/);
  const first = await ui.countdown.textContent();
  // The countdown is live: it moves on by itself.
  await expect(ui.countdown).not.toHaveText(first!, { timeout: 3_000 });
  await expectNoAxeViolations(page);

  const syncsBefore = hs.requestCount({ path: '/sync' });
  await tabTo(page, ui.retryNow);
  await page.keyboard.press('Enter');

  await expect(ui.indicator).toHaveAttribute('data-state', 'connected', QUICK);
  await expect(ui.status).toHaveText('');
  await expect(ui.retryNow).toHaveCount(0);
  expect(hs.requestCount({ path: '/sync' })).toBeGreaterThan(syncsBefore);
  // The focus stays where the button was, not back at the top of the page.
  await expect(ui.indicator).toBeFocused();
  await expectNoAxeViolations(page);
});

test('offline after three failures in a row, and back with "Retry now"', async ({
  appHandle: { page },
  world,
}) => {
  const hs = world.hs1;
  await signedInAsAlice(page, hs);
  const ui = connectionUi(page);
  const host = new URL(hs.baseUrl).host;
  hs.failNext(2, { status: 503, path: '/sync' });
  hs.rateLimitNext(1, { retryAfterMs: 60_000, path: '/sync' });
  wakeTheLongPoll(hs);

  // The first two failures wait about 1 s and 2 s; the third is the long one.
  await expect(ui.status).toHaveText(
    `Offline: ${host} cannot be reached (it asked the app to slow down). Live updates are paused.`,
    { timeout: 10_000 },
  );
  await expect(ui.indicator).toHaveAttribute('data-state', 'offline');
  await expect(ui.countdown).toHaveText(/^Next try in \d+ s$/);
  await expectNoAxeViolations(page);

  await tabTo(page, ui.retryNow);
  await page.keyboard.press('Enter');
  await expect(ui.indicator).toHaveAttribute('data-state', 'connected', QUICK);
});
