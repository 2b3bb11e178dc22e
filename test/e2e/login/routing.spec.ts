/**
 * The base-URL redirect of a routed login (MSC1730 and the spec's `well_known`): which field the
 * app follows, that the portal sees nothing after sign-in, and that a restart resumes against the
 * target without asking the portal again.
 */
import {
  chooseServer,
  directSummary,
  eventually,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  submitPassword,
  test,
} from '../support/loginTest.js';
import { storedRecord } from '../support/dataDir.js';
import { startLoginProxy } from '../support/loginProxy.js';
import type { Homeserver, Portal } from '../../fixtures/index.js';

test.describe.configure({ timeout: 30_000 });

/**
 * The portal's only business is discovery (which asks whether it uses OAuth 2.0 too) and sign-in.
 */
const PORTAL_PATHS = new Set([
  '/_matrix/client/versions',
  '/.well-known/matrix/client',
  '/_matrix/client/v1/auth_metadata',
  '/_matrix/client/v3/login',
]);

function unexpectedPortalRequests(portal: Portal): string[] {
  return portal
    .requests()
    .filter((r) => !PORTAL_PATHS.has(r.template))
    .map((r) => `${r.method} ${r.path}`);
}

/** The session is running on `hs`: its first sync, the m.identity_server read, a parked long-poll. */
async function sessionRunsOn(hs: Homeserver, user: string): Promise<void> {
  await eventually(`${hs.baseUrl} serves the session's /sync`, () =>
    hs.requests({ path: '/sync' }).some((r) => r.authorization),
  );
  await eventually(`${hs.baseUrl} serves the account-data read`, () =>
    hs
      .requests({ path: '/_matrix/client/v3/user/{userId}/account_data/{type}' })
      .some((r) => r.authorization),
  );
  await eventually(`the app long-polls ${hs.baseUrl}`, () => hs.pendingSyncs(user) > 0);
}

test('follows well_known to the target; the portal sees only discovery and /login', async ({
  appHandle: { page },
  world,
}) => {
  const alice = world.user('alice');
  await chooseServer(page, world.portal.baseUrl);
  await submitPassword(page, 'alice', alice.password);

  const home = homeUi(page);
  await expect(home.summary).toHaveText(
    routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl),
    QUICK,
  );
  await expect(home.redirectWarning).toBeHidden();

  await sessionRunsOn(world.hs1, 'alice');
  expect(world.portal.requestCount({ method: 'POST', path: '/login' })).toBe(1);
  expect(unexpectedPortalRequests(world.portal)).toEqual([]);
  expect(world.hs2.requests()).toEqual([]);
});

test("follows the draft's base_cs_url when there is no well_known", async ({
  appHandle: { page },
  world,
}) => {
  world.portal.setLoginResponse('base_cs_url');
  const bob = world.user('bob');
  await chooseServer(page, world.portal.baseUrl);
  await submitPassword(page, 'bob', bob.password);

  await expect(homeUi(page).summary).toHaveText(
    routedSummary(bob.userId, world.portal.baseUrl, world.hs2.baseUrl),
    QUICK,
  );
  await expect(homeUi(page).redirectWarning).toBeHidden();
  await sessionRunsOn(world.hs2, 'bob');
  expect(unexpectedPortalRequests(world.portal)).toEqual([]);
  expect(world.hs1.requests()).toEqual([]);
});

test('well_known wins over base_cs_url when a portal sends both', async ({
  appHandle: { page },
  world,
}) => {
  // The fixture portal names one target in both fields; the proxy makes base_cs_url say hs2.
  world.portal.setLoginResponse('both');
  const proxy = await startLoginProxy({
    upstream: world.portal.baseUrl,
    rewriteLogin: (body) => ({ ...body, base_cs_url: world.hs2.baseUrl }),
  });
  try {
    const alice = world.user('alice');
    await chooseServer(page, proxy.baseUrl);
    await submitPassword(page, 'alice', alice.password);

    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, proxy.baseUrl, world.hs1.baseUrl),
      QUICK,
    );
    expect(proxy.loginAnswers).toHaveLength(1);
    expect(proxy.loginAnswers[0]).toMatchObject({
      well_known: { 'm.homeserver': { base_url: world.hs1.baseUrl } },
      base_cs_url: world.hs1.baseUrl,
    });
    await sessionRunsOn(world.hs1, 'alice');
    expect(world.hs2.requests()).toEqual([]);
  } finally {
    await proxy.close();
  }
});

test('stays on the portal when the login answer names no other server', async ({
  appHandle: { app, page },
  world,
}) => {
  world.portal.setLoginResponse('neither');
  const alice = world.user('alice');
  await chooseServer(page, world.portal.baseUrl);
  await submitPassword(page, 'alice', alice.password);

  await expect(homeUi(page).summary).toHaveText(
    directSummary(alice.userId, world.portal.baseUrl),
    QUICK,
  );
  // Nothing was offered, so nothing was refused.
  await expect(homeUi(page).redirectWarning).toBeHidden();
  expect(storedRecord(app.dataDir)).toMatchObject({
    homeserverUrl: world.portal.baseUrl,
    loginServerUrl: world.portal.baseUrl,
  });
  // The session's requests go to the portal, not to the server that issued the token. (This
  // portal serves only sign-in: the SDK's sync asks it for push rules first, and gets 404s.)
  await eventually('the portal gets the session’s requests', () =>
    world.portal.requests().some((r) => r.authorization && !r.path.endsWith('/login')),
  );
  expect(world.hs1.requests()).toEqual([]);
});

test('a restart resumes straight into the session on the target, without the portal', async ({
  appHandle,
  world,
}) => {
  const { page } = appHandle;
  const alice = world.user('alice');
  const summary = routedSummary(alice.userId, world.portal.baseUrl, world.hs1.baseUrl);
  await chooseServer(page, world.portal.baseUrl);
  await submitPassword(page, 'alice', alice.password);
  await expect(homeUi(page).summary).toHaveText(summary, QUICK);
  const deviceId = await homeUi(page).deviceId.textContent();
  await sessionRunsOn(world.hs1, 'alice');

  world.portal.resetRequests();
  world.hs1.resetRequests();
  await appHandle.restartApp();

  await expect(homeUi(page).summary).toHaveText(summary, QUICK);
  await expect(homeUi(page).deviceId).toHaveText(deviceId ?? '');
  await expect(page.getByRole('textbox', { name: 'Homeserver' })).toBeHidden();
  await sessionRunsOn(world.hs1, 'alice');
  expect(world.portal.requests()).toEqual([]);
  expect(world.hs1.requestCount({ path: '/login' })).toBe(0);
  expect(world.hs2.requests()).toEqual([]);
});
