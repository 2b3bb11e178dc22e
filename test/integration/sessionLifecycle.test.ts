import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

async function signInDirect(username: string) {
  await app!.core.handlers.discover({ server: world!.hs1.baseUrl });
  return app!.core.handlers.loginWithPassword({
    identifier: username,
    password: `${username}-password`,
  });
}

describe('session lifecycle against the fixture homeserver', () => {
  it('refreshes an expired token once for many concurrent requests', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await signInDirect('alice');
    world.hs1.resetRequests();
    world.hs1.expireTokens({ user: 'alice' }, 'soft');
    // Several account-data requests at once, all with the expired token.
    const identity = app.core.handlers;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => identity.identityDisableCheck({})),
    );
    expect(results).toHaveLength(6);
    expect(world.hs1.requestCount({ path: '/refresh' })).toBe(1);
    expect(await app.session()).toMatchObject({ status: 'signedIn' });
  });

  it('soft logout keeps the device and asks only for the password', async () => {
    world = await startWorld({ identityServer: false, homeserver: { refreshTokens: false } });
    app = await startCore();
    const signedIn = await signInDirect('alice');
    if (signedIn.status !== 'signedIn') throw new Error('not signed in');
    world.hs1.expireTokens({ user: 'alice' }, 'soft');
    const soft = await app.waitFor('session', (s) => s.status === 'softLoggedOut', 40_000);
    expect(soft).toMatchObject({ userId: world.user('alice').userId });
    const again = await app.core.handlers.loginWithPassword({
      identifier: world.user('alice').userId,
      password: 'alice-password',
    });
    expect(again).toMatchObject({ status: 'signedIn', deviceId: signedIn.deviceId });
  });

  it('hard logout clears the session and says so', async () => {
    world = await startWorld({ identityServer: false, homeserver: { refreshTokens: false } });
    app = await startCore();
    await signInDirect('alice');
    world.hs1.expireTokens({ user: 'alice' }, 'hard');
    const out = await app.waitFor(
      'session',
      (s) => s.status === 'signedOut' && s.notice !== null,
      40_000,
    );
    expect(out).toMatchObject({ notice: { code: 'M_UNKNOWN_TOKEN' } });
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut' });
  });

  it('sign out calls /logout on the homeserver and forgets the session', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await signInDirect('alice');
    await app.core.handlers.signOut({});
    expect(world.hs1.requestCount({ path: '/logout' })).toBe(1);
    expect(world.hs1.sessions('alice')).toHaveLength(0);
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut' });
  });
});

describe('single sign-on through the loopback listener', () => {
  /** Plays the system browser: follows the homeserver's redirect to our loopback listener. */
  function browser(deliveries: Response[] = []) {
    return async (url: string) => {
      const idp = await fetch(url, { redirect: 'manual' });
      const back = idp.headers.get('location');
      if (!back) throw new Error(`IdP answered ${idp.status} without a redirect`);
      deliveries.push(await fetch(back));
      deliveries.push(await fetch(back).catch(() => new Response(null, { status: 599 })));
    };
  }

  it('completes with m.login.token and accepts the token only once', async () => {
    world = await startWorld({
      identityServer: false,
      homeserver: { login: { password: true, sso: [{ id: 'corp', name: 'Corp' }] } },
    });
    const deliveries: Response[] = [];
    app = await startCore({ openExternal: browser(deliveries) });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    const state = await app.core.handlers.startSso({ providerId: 'corp' });
    expect(state).toMatchObject({ status: 'signedIn' });
    expect(deliveries[0]?.status).toBe(200);
    expect(deliveries[1]?.status).not.toBe(200);
  });

  it('returns to sign-in with a message when cancelled', async () => {
    world = await startWorld({ identityServer: false, homeserver: { login: { sso: true } } });
    app = await startCore({ openExternal: async () => {} });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    const pending = app.core.handlers.startSso({ providerId: null });
    await app.waitFor('session', (s) => s.status === 'busy' && s.step === 'waitingForBrowser');
    await app.core.handlers.cancelLogin({});
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await app.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'CANCELLED' },
    });
  });
});
