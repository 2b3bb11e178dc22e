/**
 * Tokens stay in main: after a routed sign-in with refresh tokens (and a refresh while the test
 * watches), no access or refresh token the servers issued appears in anything the renderer was
 * sent, nor in plain text in the data directory.
 */
import { findInDataDir, TOKEN_PATTERNS, unsealedSecrets } from '../support/dataDir.js';
import { startLoginProxy } from '../support/loginProxy.js';
import {
  chooseServer,
  eventually,
  expect,
  homeUi,
  QUICK,
  routedSummary,
  submitPassword,
  test,
} from '../support/loginTest.js';

test.describe.configure({ timeout: 30_000 });
// Access tokens that expire 4 s after issue: the app refreshes a quarter of the lifetime early
// (TokenRefresher's refreshMarginMs), so after ~3 s.
test.use({ worldOptions: { homeserver: { accessTokenLifetimeMs: 4_000 } } });

test('no token the servers issued reaches the renderer, the logs or the disk in plain text', async ({
  appHandle,
  world,
  appLog,
}) => {
  const { app, page } = appHandle;
  // Through a proxy that keeps the portal's login answer: the tokens as first issued.
  const proxy = await startLoginProxy({ upstream: world.portal.baseUrl });
  try {
    const alice = world.user('alice');
    await chooseServer(page, proxy.baseUrl);
    await submitPassword(page, 'alice', alice.password);
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, proxy.baseUrl, world.hs1.baseUrl),
      QUICK,
    );

    const issued = new Set<string>();
    const answer = proxy.loginAnswers[0] ?? {};
    for (const key of ['access_token', 'refresh_token']) {
      expect(typeof answer[key], `the login answer carries ${key}`).toBe('string');
      issued.add(answer[key] as string);
    }
    // Watch the tokens the session holds until it has refreshed and used the new pair.
    const collect = () => {
      for (const s of world.hs1.sessions('alice')) issued.add(s.accessToken);
      const sealed = unsealedSecrets(app.dataDir);
      if (sealed) {
        issued.add(sealed.accessToken);
        if (sealed.refreshToken) issued.add(sealed.refreshToken);
      }
    };
    // The server answering /refresh is not enough: the app stores the new pair a moment later,
    // so wait until the sealed store holds a refresh token other than the login's.
    await eventually(
      'the app refreshed its tokens and stored the new pair',
      () => {
        collect();
        const stored = unsealedSecrets(app.dataDir)?.refreshToken;
        return typeof stored === 'string' && stored !== answer['refresh_token'];
      },
      8_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${JSON.stringify(world.hs1.requestCounts())}`);
    });
    collect();
    expect(issued.size, 'login pair plus at least one refreshed pair').toBeGreaterThanOrEqual(4);

    // A restart sends the restored session to the page too.
    await appHandle.restartApp();
    await expect(homeUi(page).summary).toHaveText(
      routedSummary(alice.userId, proxy.baseUrl, world.hs1.baseUrl),
      QUICK,
    );
    collect();

    const frames = appHandle.frames();
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((f) => f.includes(alice.userId))).toBe(true);
    for (const token of issued) {
      expect(
        frames.filter((f) => f.includes(token)),
        `frames carrying ${token.slice(0, 8)}…`,
      ).toEqual([]);
    }
    for (const word of ['access_token', 'refresh_token', 'accessToken', 'refreshToken']) {
      expect(frames.filter((f) => f.includes(word), `frames mentioning ${word}`)).toEqual([]);
    }
    expect(frames.filter((f) => f.includes(alice.password))).toEqual([]);

    expect(findInDataDir(app.dataDir, [...issued, ...TOKEN_PATTERNS])).toEqual([]);
    for (const token of issued) {
      expect(appLog.lines.filter((line) => line.includes(token))).toEqual([]);
    }
  } finally {
    await proxy.close();
  }
});
