/**
 * Identity-server session hygiene (issue 6, "Must have" 5): this app's session on an identity
 * server is ended (POST /_matrix/identity/v2/account/logout, with the token it held) when the
 * account moves away from that server and when the user signs out; the token never reaches the
 * page and is stored sealed; a 401 from the server means "register again", once.
 */
import {
  acceptActiveTerms,
  changeServerTo,
  DISABLED_BY_ACCOUNT,
  expect,
  filesContaining,
  homeUi,
  IDENTITY_EVENT,
  identityUi,
  IS_LOGOUT,
  IS_TOKEN_PATTERN,
  lookUpEmail,
  openIdentitySettings,
  QUICK,
  QUICK_POLL,
  readSettings,
  requireIs,
  sessionIsSyncing,
  signInAtPortal,
  signInUi,
  summaryFor,
  test,
} from './identityTest.js';

test.describe.configure({ timeout: 30_000 });

test('sign-out logs out of the identity server first, with the token the app held', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([1]);

  await homeUi(page).homeNav.click();
  await homeUi(page).signOut.click();
  await expect(signInUi(page).homeserver).toBeVisible(QUICK);

  const logouts = is.requests(IS_LOGOUT);
  expect(logouts).toHaveLength(1);
  expect(logouts[0]).toMatchObject({ authorization: true, status: 200 });
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);
  const hsLogout = world.hs1.requests({ method: 'POST', path: '/logout' });
  expect(hsLogout).toHaveLength(1);
  expect(logouts[0]!.time).toBeLessThanOrEqual(hsLogout[0]!.time);
});

test('sign-out without an identity-server session asks no identity server anything', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await expect(identityUi(page).summary).toHaveText(summaryFor.login(is.baseUrl), QUICK);

  await homeUi(page).homeNav.click();
  await homeUi(page).signOut.click();
  await expect(signInUi(page).homeserver).toBeVisible(QUICK);
  expect(is.requests()).toEqual([]);
});

test('a change logs out of the old server; a later sign-out logs out of the new one', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);

  await changeServerTo(page, secondIs.baseUrl);
  await expect.poll(() => is.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
  expect(is.requests(IS_LOGOUT)[0]).toMatchObject({ authorization: true, status: 200 });
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);
  expect(secondIs.requestCount(IS_LOGOUT)).toBe(0);

  await homeUi(page).homeNav.click();
  await homeUi(page).signOut.click();
  await expect(signInUi(page).homeserver).toBeVisible(QUICK);
  expect(secondIs.requests(IS_LOGOUT)).toEqual([
    expect.objectContaining({ authorization: true, status: 200 }),
  ]);
  expect(secondIs.accounts().map((a) => a.tokenCount)).toEqual([0]);
  expect(is.requestCount(IS_LOGOUT), 'the old server is not asked again').toBe(1);
});

test('the identity-server token stays in main: never sent to the page, sealed on disk', async ({
  appHandle,
  world,
}) => {
  const { page } = appHandle;
  const is = requireIs(world);
  const bob = world.user('bob');
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  await lookUpEmail(page, bob.email!);
  await expect(identityUi(page).lookupResult).toHaveText(
    `${bob.email} belongs to ${bob.userId}`,
    QUICK,
  );
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([1]);

  expect(appHandle.frames().filter((frame) => IS_TOKEN_PATTERN.test(frame))).toEqual([]);
  const { dataDir } = appHandle.app;
  expect(filesContaining(dataDir, IS_TOKEN_PATTERN)).toEqual([]);
  // It is stored (a restart does not register again), just not readable.
  const tokens = readSettings(dataDir)['identity.tokens'] as Record<string, unknown> | undefined;
  expect(Object.keys(tokens ?? {})).toEqual([world.user('alice').userId]);

  await appHandle.restartApp();
  await expect(homeUi(page).summary).toBeVisible(QUICK);
  await openIdentitySettings(page);
  await lookUpEmail(page, bob.email!);
  await expect(identityUi(page).lookupResult).toHaveText(
    `${bob.email} belongs to ${bob.userId}`,
    QUICK,
  );
  expect(is.requestCount({ method: 'POST', path: '/account/register' })).toBe(1);
});

test('a 401 from the identity server: register again once, and the lookup still answers', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  const bob = world.user('bob');
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  const registrations = () => is.requestCount({ method: 'POST', path: '/account/register' });
  expect(registrations()).toBe(1);

  is.invalidateAllTokens();
  await lookUpEmail(page, bob.email!);
  const ui = identityUi(page);
  await expect(ui.lookupResult).toHaveText(`${bob.email} belongs to ${bob.userId}`, QUICK);
  await expect(ui.lookupError).toBeHidden();
  expect(registrations()).toBe(2);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([1]);
});

test('a change made on another device also ends the session on the old server', async ({
  appHandle: { page },
  world,
  secondIs,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  await sessionIsSyncing(world.hs1, 'alice');
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([1]);

  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: secondIs.baseUrl });
  await expect(identityUi(page).summary).toHaveText(summaryFor.account(secondIs.baseUrl), QUICK);

  // The app moved away from the old server: issue 6 asks for its logout on any change away.
  await expect.poll(() => is.requestCount(IS_LOGOUT), QUICK_POLL).toBe(1);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);
});

test('sign-out ends every identity-server session the app holds, not only the active one', async ({
  appHandle: { page },
  world,
}) => {
  const is = requireIs(world);
  await signInAtPortal(page, world, 'alice');
  await openIdentitySettings(page);
  await acceptActiveTerms(page, is.baseUrl);
  await sessionIsSyncing(world.hs1, 'alice');

  // Another device turns the identity server off; the app still holds its token for the old one.
  world.hs1.setAccountData('alice', IDENTITY_EVENT, { base_url: null });
  await expect(identityUi(page).summary).toHaveText(DISABLED_BY_ACCOUNT, QUICK);

  await homeUi(page).homeNav.click();
  await homeUi(page).signOut.click();
  await expect(signInUi(page).homeserver).toBeVisible(QUICK);

  // Forgetting the token locally is not enough: the server must be told, or it stays valid there.
  expect(is.requests(IS_LOGOUT)).toEqual([
    expect.objectContaining({ authorization: true, status: 200 }),
  ]);
  expect(is.accounts().map((a) => a.tokenCount)).toEqual([0]);
});
