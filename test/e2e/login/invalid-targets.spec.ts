/**
 * A portal that names a target the app must not follow. Over https (as a portal is deployed), for
 * each kind of bad target: a portal that does not serve the user itself (it does not answer
 * /account/whoami for the new token) ends the sign-in with an error naming the portal, the target
 * and why, and nothing is kept; a portal that does serve the user keeps the session, and the home
 * screen says why the target was refused.
 */
import type { BrokenTarget } from '../../fixtures/index.js';
import {
  findInDataDir,
  storedRecord,
  storedSealedSecrets,
  TOKEN_PATTERNS,
} from '../support/dataDir.js';
import {
  chooseServer,
  directSummary,
  expect,
  homeUi,
  QUICK,
  signInUi,
  submitPassword,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 30_000 });
test.use({ worldOptions: { tls: true } });

interface Case {
  route: BrokenTarget;
  /** What the warning must say was wrong, given the target URL the portal sent. */
  says: (target: string) => RegExp[];
  /** What it must not claim instead. */
  notSays?: RegExp[];
}

const hostOf = (url: string) => new URL(url).host.replace(/[.]/g, '\\.');

const cases: Record<string, Case> = {
  'an unreachable server': {
    route: { broken: 'unreachable' },
    says: (target) => [new RegExp(hostOf(target)), /could not be reached/i],
    // "Unreachable" and "not Matrix" are different problems with different fixes.
    notSays: [/did not answer as a Matrix homeserver/i],
  },
  'a web server that is not Matrix': {
    route: { broken: 'html' },
    says: (target) => [new RegExp(hostOf(target)), /not .*Matrix homeserver/i],
    notSays: [/could not be reached/i],
  },
  'plain http from an https portal': {
    route: { broken: 'insecureHttp' },
    says: (target) => [new RegExp(hostOf(target)), /https to http|downgrade/i],
  },
  'a javascript: URL': {
    route: { broken: 'javascript' },
    says: () => [/javascript:/i],
  },
  'a file: URL': {
    route: { broken: 'file' },
    says: () => [/\bfile:/i],
  },
  'something that is not a URL': {
    route: { broken: 'garbage' },
    says: () => [/not a valid URL/i],
  },
};

for (const [name, { route, says, notSays = [] }] of Object.entries(cases)) {
  test(`refuses ${name}: the sign-in fails and nothing is kept`, async ({
    appHandle: { app, page },
    world,
  }) => {
    const portal = world.portal;
    portal.addUser({ username: 'mallory', route, password: 'mallory-password' });
    const target = (await portal.users()).find((u) => u.username === 'mallory')!.targetUrl;

    await chooseServer(page, portal.baseUrl);
    await submitPassword(page, 'mallory', 'mallory-password');

    const ui = signInUi(page);
    await expect(ui.loginError).toBeVisible(QUICK);
    await expect(ui.loginError).toContainText(`${new URL(portal.baseUrl).host} pointed to`);
    await expect(ui.loginError).toContainText(/does not serve @mallory:.* itself/);
    for (const pattern of says(target)) await expect(ui.loginError).toContainText(pattern);
    await expect(homeUi(page).summary).toBeHidden();

    // Nothing kept: no session record, no sealed token, no token in plain text.
    expect(storedRecord(app.dataDir)).toBeUndefined();
    expect(storedSealedSecrets(app.dataDir)).toBeUndefined();
    expect(findInDataDir(app.dataDir, TOKEN_PATTERNS)).toEqual([]);
    // The portal was asked who the token is for, and told nothing more (no /logout).
    expect(portal.requests({ path: '/_matrix/client/v3/account/whoami' })).toHaveLength(1);
    expect(portal.requestCount({ path: '/logout' })).toBe(0);

    // Last, so the checks above run either way: one problem, named as itself.
    const error = (await ui.loginError.textContent()) ?? '';
    for (const pattern of notSays) {
      expect(error, 'the error names the one problem there was').not.toMatch(pattern);
    }
  });
}

test('stays on the portal, saying why, when the portal serves the user itself', async ({
  appHandle: { app, page },
  world,
}) => {
  const portal = world.portal;
  portal.setAnswersWhoami(true);
  portal.addUser({ username: 'mallory', route: { broken: 'html' }, password: 'mallory-password' });
  const target = (await portal.users()).find((u) => u.username === 'mallory')!.targetUrl;

  await chooseServer(page, portal.baseUrl);
  await submitPassword(page, 'mallory', 'mallory-password');

  const home = homeUi(page);
  await expect(home.summary).toHaveText(
    directSummary(`@mallory:${portal.serverName}`, portal.baseUrl),
    QUICK,
  );
  await expect(home.redirectWarning).toContainText(new RegExp(hostOf(target)));
  await expect(home.redirectWarning).toContainText(/not .*Matrix homeserver/i);
  expect(storedRecord(app.dataDir)).toMatchObject({
    homeserverUrl: portal.baseUrl,
    loginServerUrl: portal.baseUrl,
  });
  expect(storedSealedSecrets(app.dataDir)).toMatch(/^test-only-aes-gcm:/);
  expect(findInDataDir(app.dataDir, TOKEN_PATTERNS)).toEqual([]);
});

test('the refusal is kept with the session across a restart', async ({ appHandle, world }) => {
  const { page } = appHandle;
  const portal = world.portal;
  portal.setAnswersWhoami(true);
  portal.addUser({ username: 'mallory', route: { broken: 'file' }, password: 'mallory-password' });
  await chooseServer(page, portal.baseUrl);
  await submitPassword(page, 'mallory', 'mallory-password');
  const home = homeUi(page);
  await expect(home.redirectWarning).toBeVisible(QUICK);
  const warning = await home.redirectWarning.textContent();

  await appHandle.restartApp();
  await expect(home.summary).toHaveText(
    directSummary(`@mallory:${portal.serverName}`, portal.baseUrl),
    QUICK,
  );
  await expect(home.redirectWarning).toHaveText(warning ?? '');
});
