/**
 * The gate (issue 6, "Must have" 1; MSC2230): no request of any kind reaches an identity server
 * until m.identity_server is known for this login, after sign-in and after a restored session,
 * also when the homeserver's answer is slow or fails (then the app retries). The proof is in the
 * request logs: the identity server's first request arrives after the homeserver answered the
 * direct read of the event.
 *
 * The account has no m.identity_server event in these tests, so only the direct read (404) can
 * make it known: a /sync cannot answer "absent", and a broken gate would fall back to the
 * portal's suggested server at once.
 *
 * While the answer is pending the settings screen offers no identity action at all (that is
 * checked too), so to test main's gate rather than the disabled buttons the tests send the very
 * commands "Check" and "Look up" send, through the page's API.
 */
import type { Page } from '@playwright/test';
import type { World } from '../../fixtures/index.js';
import {
  acceptActiveTerms,
  expect,
  homeUi,
  IDENTITY_EVENT_PATH,
  identityEventReads,
  identityUi,
  invokeFromPage,
  lookUpEmail,
  openIdentitySettings,
  QUICK,
  QUICK_POLL,
  requireIs,
  signInAtPortal,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

/** Long enough for the steps taken while the answer is pending, on a busy machine too. */
const LATENCY_MS = 3_000;
const RESTORE_LATENCY_MS = 4_000;

/** What the settings screen shows while m.identity_server is not known yet. */
async function expectPendingScreen(page: Page): Promise<void> {
  const ui = identityUi(page);
  await expect(ui.summary).toHaveText(summaryFor.pending);
  await expect(ui.lookupUnavailable).toHaveText('Checking your account for an identity server…');
  await expect(ui.check).toBeDisabled();
  await expect(ui.server).toBeDisabled();
  await expect(ui.useDefault).toBeDisabled();
  await expect(ui.lookUp).toBeDisabled();
}

/** Sends what "Check" and "Look up" send, without waiting for the answers. */
function requestIdentityWork(page: Page, world: World) {
  const is = requireIs(world);
  return {
    check: invokeFromPage(page, 'identityCheck', { server: is.baseUrl }),
    lookup: invokeFromPage(page, 'lookupContact', {
      medium: 'email',
      address: world.user('bob').email!,
    }),
  };
}

/**
 * Every identity-server request came after the homeserver answered the last read of
 * m.identity_server: at the earliest `answeredNoEarlierThan` (arrival + injected latency).
 */
function expectNoIsRequestBefore(world: World, answeredNoEarlierThan: number): void {
  const is = requireIs(world);
  const first = is.requests()[0];
  expect(first, 'the identity server got a request once the answer was in').toBeDefined();
  expect(
    first!.time,
    `first IS request (${first!.method} ${first!.path}) vs. the account-data answer`,
  ).toBeGreaterThanOrEqual(answeredNoEarlierThan);
}

test('sign-in: the identity server hears nothing before the account-data answer', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  const ui = identityUi(page);
  await expect(ui.summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);

  await acceptActiveTerms(page, is.baseUrl);
  await lookUpEmail(page, world.user('bob').email!);
  await expect(ui.lookupResult).toHaveText(
    `${world.user('bob').email} belongs to ${world.user('bob').userId}`,
    QUICK,
  );

  const reads = identityEventReads(world.hs1);
  expect(reads.map((r) => r.status)).toEqual([404]);
  expectNoIsRequestBefore(world, reads[0]!.time);
});

test('sign-in with a slow account-data answer: nothing reaches the IS until it arrives', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  world.hs1.addLatency(LATENCY_MS, IDENTITY_EVENT_PATH);
  await signInAtPortal(page, world, 'alice');
  const work = requestIdentityWork(page, world);
  await openIdentitySettings(page);
  await expectPendingScreen(page);
  // Still unanswered: the read is in flight and the identity server has heard nothing.
  expect(identityEventReads(world.hs1).map((r) => r.status)).toEqual([0]);
  expect(is.requests()).toEqual([]);

  await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), {
    timeout: LATENCY_MS + 5_000,
  });
  expect(await work.check).toMatchObject({ ok: true, value: { url: is.baseUrl } });
  // Known now, but the terms of the suggested server are not accepted: still nothing with an address.
  expect(await work.lookup).toMatchObject({
    ok: false,
    error: { code: 'IDENTITY_TERMS_NOT_ACCEPTED' },
  });

  const reads = identityEventReads(world.hs1);
  expect(reads.map((r) => r.status)).toEqual([404]);
  expectNoIsRequestBefore(world, reads[0]!.time + LATENCY_MS);
  expect(is.requests({ path: '/lookup' })).toEqual([]);
});

test('sign-in with failing account-data reads: retried, and the IS hears nothing meanwhile', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  world.hs1.failNext(2, { status: 500, path: IDENTITY_EVENT_PATH });
  await signInAtPortal(page, world, 'alice');
  const work = requestIdentityWork(page, world);
  await openIdentitySettings(page);
  await expectPendingScreen(page);
  await expect
    .poll(() => identityEventReads(world.hs1).length, QUICK_POLL)
    .toBeGreaterThanOrEqual(1);
  // A failed read is not "absent": the suggested server must not be used on its strength.
  expect(is.requests()).toEqual([]);
  await expect(identityUi(page).summary).toHaveText(summaryFor.pending);

  await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), {
    timeout: 10_000,
  });
  expect(await work.check).toMatchObject({ ok: true });

  const reads = identityEventReads(world.hs1);
  expect(reads.map((r) => r.status)).toEqual([500, 500, 404]);
  expectNoIsRequestBefore(world, reads[2]!.time);
});

test('the read does not wait for the initial sync', async ({ appHandle: { page }, world }) => {
  const is = requireIs(world);
  const SYNC_LATENCY_MS = 6_000;
  world.hs1.addLatency(SYNC_LATENCY_MS, '/sync');
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);

  await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
  const knownAt = Date.now();
  const [firstSync] = world.hs1.requests({ path: '/sync' });
  expect(firstSync, 'the session started syncing').toBeDefined();
  // Known before the homeserver could have answered the initial sync.
  expect(knownAt).toBeLessThan(firstSync!.time + SYNC_LATENCY_MS);
  expect(identityEventReads(world.hs1).map((r) => r.status)).toEqual([404]);
});

test.describe('a restored session', () => {
  /** Sign in, accept the suggested server's terms (so the app holds a token), then restart. */
  async function signInAndAcceptTerms(page: Page, world: World): Promise<void> {
    const is = requireIs(world);
    await signInAtPortal(page, world, 'alice');
    await openIdentitySettings(page);
    await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);
    await acceptActiveTerms(page, is.baseUrl);
  }

  async function afterRestart(page: Page): Promise<void> {
    await expect(homeUi(page).summary).toBeVisible(QUICK);
    await openIdentitySettings(page);
  }

  test('with a slow account-data answer: nothing reaches the IS until it arrives', async ({
    appHandle,
    world,
  }) => {
    const { page } = appHandle;
    const is = requireIs(world);
    await signInAndAcceptTerms(page, world);

    world.hs1.resetRequests();
    is.resetRequests();
    world.hs1.addLatency(RESTORE_LATENCY_MS, IDENTITY_EVENT_PATH);
    await appHandle.restartApp();

    // Terms accepted and a token stored before the restart: everything a lookup needs, but
    // the account may say otherwise now, so nothing goes out until the answer is in.
    const work = requestIdentityWork(page, world);
    await afterRestart(page);
    await expectPendingScreen(page);
    expect(identityEventReads(world.hs1).map((r) => r.status)).toEqual([0]);
    expect(is.requests()).toEqual([]);

    await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), {
      timeout: RESTORE_LATENCY_MS + 5_000,
    });
    expect(await work.check).toMatchObject({ ok: true });
    expect(await work.lookup).toEqual({
      ok: true,
      value: { userId: world.user('bob').userId },
    });

    const reads = identityEventReads(world.hs1);
    expect(reads.map((r) => r.status)).toEqual([404]);
    expectNoIsRequestBefore(world, reads[0]!.time + RESTORE_LATENCY_MS);
  });

  test('with failing account-data reads: retried, and the IS hears nothing meanwhile', async ({
    appHandle,
    world,
  }) => {
    const { page } = appHandle;
    const is = requireIs(world);
    await signInAndAcceptTerms(page, world);

    world.hs1.resetRequests();
    is.resetRequests();
    world.hs1.failNext(2, { status: 502, path: IDENTITY_EVENT_PATH });
    await appHandle.restartApp();

    const work = requestIdentityWork(page, world);
    await afterRestart(page);
    await expectPendingScreen(page);
    await expect
      .poll(() => identityEventReads(world.hs1).length, QUICK_POLL)
      .toBeGreaterThanOrEqual(1);
    expect(is.requests()).toEqual([]);

    // Two retries with their back-off: 10 s was too little once, at a load of 20 (the test as a
    // whole has 30 s).
    await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), {
      timeout: 20_000,
    });
    expect(await work.lookup).toEqual({
      ok: true,
      value: { userId: world.user('bob').userId },
    });
    expect(await work.check).toMatchObject({ ok: true });

    const reads = identityEventReads(world.hs1);
    expect(reads.map((r) => r.status)).toEqual([502, 502, 404]);
    expectNoIsRequestBefore(world, reads[2]!.time);
  });
});
