/**
 * Discovery of what the user types, over https as servers are deployed: a server name through
 * its .well-known, a URL as typed, the spec's failure states, and servers this app cannot sign in
 * to (OAuth 2.0 only, no supported flow). Server names are the world's port-less `names`: the
 * spec reads a name's .well-known from port 443 of its hostname (World.names explains how the
 * app reaches the fixtures under them).
 */
import {
  chooseServer,
  directSummary,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  signInUi,
  submitPassword,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 30_000 });
test.use({ worldOptions: { tls: true } });

test('a server name is resolved through its .well-known', async ({
  appHandle: { page },
  world,
}) => {
  const alice = world.user('alice');
  expect(world.hs1.baseUrl).toMatch(/^https:/);
  await chooseServer(page, world.names.hs1);
  await expect(signInUi(page).loginServer).toHaveText(world.hs1.baseUrl);
  expect(world.hs1.requestCount({ method: 'GET', path: '/.well-known/matrix/client' })).toBe(1);

  await submitPassword(page, 'alice', alice.password);
  await expect(homeUi(page).summary).toHaveText(
    directSummary(alice.userId, world.hs1.baseUrl),
    QUICK,
  );
});

test("a server name's port is not where its .well-known is looked for", async ({
  appHandle: { page },
  world,
}) => {
  // The spec takes the hostname of the server name: https://hs1.routed.test/.well-known/…,
  // whatever port the name carries (here one nothing listens on).
  await chooseServer(page, `${world.names.hs1}:8448`);
  await expect(signInUi(page).loginServer).toHaveText(world.hs1.baseUrl);
  expect(world.hs1.requestCount({ method: 'GET', path: '/.well-known/matrix/client' })).toBe(1);
});

test('a .well-known may name another server', async ({ appHandle: { page }, world }) => {
  world.hs2.setWellKnown({ mode: 'valid', homeserverUrl: world.hs1.baseUrl });
  await chooseServer(page, world.names.hs2);
  await expect(signInUi(page).loginServer).toHaveText(world.hs1.baseUrl);
  expect(world.hs1.requestCount({ path: '/_matrix/client/versions' })).toBeGreaterThan(0);
});

test("a portal's name, then a routed sign-in, all over https", async ({
  appHandle: { page },
  world,
}) => {
  const bob = world.user('bob');
  await chooseServer(page, world.names.portal);
  await expect(signInUi(page).loginServer).toHaveText(world.portal.baseUrl);
  await submitPassword(page, 'bob', bob.password);
  await expect(homeUi(page).summary).toHaveText(
    routedSummary(bob.userId, world.portal.baseUrl, world.hs2.baseUrl),
    QUICK,
  );
});

test('shows progress while looking the server up, and can be cancelled', async ({
  appHandle: { page },
  world,
}) => {
  const ui = signInUi(page);
  world.hs1.addLatency(3_000, '/.well-known/matrix/client');
  await ui.homeserver.fill(world.names.hs1);
  await ui.continue.click();
  await expect(ui.progress).toHaveText(`Looking up ${world.names.hs1}…`, QUICK);
  await ui.cancel.click();
  await expect(ui.progress).toBeEmpty(QUICK);
  await expect(ui.continue).toBeEnabled();
  await expect(ui.loginServer).toBeHidden();
  await expect(ui.homeserver).toHaveValue(world.names.hs1);

  world.hs1.clearFaults();
  await ui.continue.click();
  await expect(ui.loginServer).toHaveText(world.hs1.baseUrl, QUICK);
});

test('a .well-known that is not JSON is a clear error naming the server', async ({
  appHandle: { page },
  world,
}) => {
  const ui = signInUi(page);
  world.hs1.setWellKnown('invalidJson');
  await ui.homeserver.fill(world.names.hs1);
  await ui.continue.click();
  await expect(ui.discoverError).toBeVisible(QUICK);
  await expect(ui.discoverError).toContainText(world.names.hs1);
  await expect(ui.discoverError).toContainText(/not valid JSON/i);
  await expect(ui.loginServer).toBeHidden();
  // Nothing was taken from the broken file: no sign-in methods were asked for.
  expect(world.hs1.requestCount({ path: '/login' })).toBe(0);
});

test('a .well-known naming something that is not a URL is a clear error', async ({
  appHandle: { page },
  world,
}) => {
  const ui = signInUi(page);
  world.hs1.setWellKnown('nonUrlBaseUrl');
  await ui.homeserver.fill(world.names.hs1);
  await ui.continue.click();
  await expect(ui.discoverError).toBeVisible(QUICK);
  await expect(ui.discoverError).toContainText(world.names.hs1);
  await expect(ui.discoverError).toContainText(/not a (valid )?URL/i);
  await expect(ui.loginServer).toBeHidden();
});

test('no .well-known (404): the name itself is the homeserver', async ({
  appHandle: { page },
  world,
}) => {
  const alice = world.user('alice');
  world.hs1.setWellKnown('absent');
  await chooseServer(page, world.names.hs1);
  await expect(signInUi(page).loginServer).toHaveText(`https://${world.names.hs1}`);
  expect(world.hs1.requests({ path: '/.well-known/matrix/client' }).map((r) => r.status)).toEqual([
    404,
  ]);
  await submitPassword(page, 'alice', alice.password);
  // The login answer's well_known names the homeserver's own base URL, so the session moves there.
  await expect(homeUi(page).summary).toHaveText(
    routedSummary(alice.userId, `https://${world.names.hs1}`, world.hs1.baseUrl),
    QUICK,
  );
});

test('an OAuth 2.0-only server offers to continue at its authorization server', async ({
  appHandle: { page },
  world,
}) => {
  const ui = signInUi(page);
  world.hs1.setLoginConfig({ oauthOnly: true });
  await ui.homeserver.fill(world.hs1.baseUrl);
  await ui.continue.click();
  // The fixture's metadata names the homeserver itself as the issuer.
  await expect(ui.oauth(new URL(world.hs1.baseUrl).host)).toBeVisible(QUICK);
  await expect(ui.oauth(new URL(world.hs1.baseUrl).host)).toBeFocused();
  await expect(ui.discoverError).toBeHidden();
  await expect(ui.identifier).toBeHidden();
  await expect(ui.noLoginFlows).toBeHidden();
});

test('a server with no sign-in method this app supports says so', async ({
  appHandle: { page },
  world,
}) => {
  world.hs1.setLoginConfig({ flows: [{ type: 'm.login.application_service' }] });
  const ui = signInUi(page);
  await ui.homeserver.fill(world.hs1.baseUrl);
  await ui.continue.click();
  const message = ui.discoverError.or(ui.noLoginFlows);
  await expect(message).toBeVisible(QUICK);
  await expect(message).toContainText(world.hs1.serverName);
  await expect(message).toContainText(/no (sign-in method|way of signing in)/i);
  await expect(page.getByRole('button', { name: /^Continue with/ })).toHaveCount(0);
});
