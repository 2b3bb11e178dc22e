/**
 * A sign-in the app gives up after the server said yes (cancelled while the redirect was being
 * checked, or a soft-logout re-login that answered for another user) must not leave a device on
 * the server: the new token is logged out where it lives, and only that token.
 */
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

describe('a successful /login the app does not use is logged out', () => {
  it('cancelled while the redirect target is checked: the new device on the target goes', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    // Hold the target's /versions probe long enough for the user to press Cancel.
    world.hs1.injectFault({
      kind: 'latency',
      ms: 1_000,
      path: '/_matrix/client/versions',
      count: 1,
    });
    await app.core.handlers.discover({ server: world.portal.baseUrl });
    const pending = app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    await app.waitFor('session', (s) => s.status === 'busy' && s.step === 'checkingRedirect');
    expect(world.hs1.sessions('alice')).toHaveLength(1);
    await app.core.handlers.cancelLogin({});
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await app.session()).toMatchObject({ status: 'signedOut' });

    await expect.poll(() => world!.hs1.sessions('alice').length, { timeout: 5_000 }).toBe(0);
    expect(world.hs1.devices('alice')).toEqual([]);
    const logouts = world.hs1.requests({ path: '/logout' });
    expect(logouts).toHaveLength(1);
    expect(logouts[0]).toMatchObject({ method: 'POST', authorization: true, status: 200 });
    // The portal only issued the token; it serves no session and hears of no logout.
    expect(world.portal.requestCount({ path: '/logout' })).toBe(0);
  });

  it('a soft-logout re-login as another user: only that user’s new device goes', async () => {
    world = await startWorld({ identityServer: false, homeserver: { refreshTokens: false } });
    world.hs1.addUser({ localpart: 'mallory', password: 'mallory-password' });
    app = await startCore();
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    const signedIn = await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    if (signedIn.status !== 'signedIn') throw new Error('not signed in');
    world.hs1.expireTokens({ user: 'alice' }, 'soft');
    await app.waitFor('session', (s) => s.status === 'softLoggedOut', 40_000);

    await expect(
      app.core.handlers.loginWithPassword({
        identifier: 'mallory',
        password: 'mallory-password',
      }),
    ).rejects.toMatchObject({ code: 'WRONG_USER' });
    expect(await app.session()).toMatchObject({
      status: 'softLoggedOut',
      notice: { code: 'WRONG_USER' },
    });

    await expect.poll(() => world!.hs1.sessions('mallory').length, { timeout: 5_000 }).toBe(0);
    expect(world.hs1.devices('mallory')).toEqual([]);
    // Alice's soft-logged-out device is hers to resume: untouched.
    expect(world.hs1.devices('alice').map((d) => d.deviceId)).toEqual([signedIn.deviceId]);
    const again = await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: 'alice-password',
    });
    expect(again).toMatchObject({ status: 'signedIn', deviceId: signedIn.deviceId });
  });
});
