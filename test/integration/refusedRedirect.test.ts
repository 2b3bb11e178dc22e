/**
 * A portal names a redirect target the app refuses. The session may stay on the portal only when
 * the portal proves it serves this user itself (GET /account/whoami with the new token answers
 * for the same user); otherwise the sign-in fails naming the portal and the refused target, and
 * the new token goes nowhere else: not to the target, not to a /logout.
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

/** mallory's portal route: hs2 under a path where no Matrix API lives (its requests are logged). */
async function startWithNotMatrixTarget() {
  world = await startWorld({ identityServer: false });
  const target = `${world.hs2.baseUrl}/not-matrix`;
  world.portal.addUser({
    username: 'mallory',
    route: { broken: 'custom', baseUrl: target },
    password: 'mallory-password',
  });
  app = await startCore();
  await app.core.handlers.discover({ server: world.portal.baseUrl });
  world.portal.resetRequests();
  world.hs2.resetRequests();
  return target;
}

const signInAsMallory = () =>
  app!.core.handlers.loginWithPassword({ identifier: 'mallory', password: 'mallory-password' });

describe('a refused redirect target', () => {
  it('fails the sign-in when the portal does not serve the user itself', async () => {
    const target = await startWithNotMatrixTarget();
    const portalHost = new URL(world!.portal.baseUrl).host;
    const targetHost = new URL(target).host;

    const failure = signInAsMallory();
    await expect(failure).rejects.toMatchObject({ code: 'REDIRECT_NOT_MATRIX' });
    const message = await failure.catch((e: Error) => e.message);
    expect(message).toContain(`${portalHost} pointed to ${targetHost}`);
    expect(message).toMatch(/not a Matrix homeserver/);
    expect(message).toMatch(new RegExp(`${portalHost} does not serve @mallory:.* itself`));
    expect(await app!.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'REDIRECT_NOT_MATRIX' },
    });

    // The command has returned, so every request of this sign-in has been made. The target got
    // only the token-less probe; the portal got the sign-in and the whoami, and no /logout.
    expect(world!.hs2.requests().map((r) => [r.method, r.path, r.authorization])).toEqual([
      ['GET', '/not-matrix/_matrix/client/versions', false],
    ]);
    expect(world!.portal.requests().map((r) => [r.method, r.template, r.authorization])).toEqual([
      ['POST', '/_matrix/client/v3/login', false],
      ['GET', '/_matrix/client/v3/account/whoami', true],
    ]);
    // Nothing is kept: a restart is a plain sign-in screen.
    app = await app!.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut', notice: null });
  });

  it('stays on the portal, with the reason, when the portal answers whoami for the user', async () => {
    const target = await startWithNotMatrixTarget();
    world!.portal.setAnswersWhoami(true);

    const state = await signInAsMallory();

    expect(state).toMatchObject({
      status: 'signedIn',
      userId: `@mallory:${world!.portal.serverName}`,
      homeserverUrl: world!.portal.baseUrl,
      loginServerUrl: world!.portal.baseUrl,
      redirectRejected: {
        code: 'REDIRECT_NOT_MATRIX',
        message: expect.stringContaining(`pointed to ${new URL(target).host}`),
      },
    });
    // Only the probe reached the target, without the token.
    expect(world!.hs2.requests().every((r) => !r.authorization)).toBe(true);
  });

  it('names an unusable URL itself when the portal sends one', async () => {
    world = await startWorld({ identityServer: false });
    world.portal.addUser({
      username: 'mallory',
      route: { broken: 'javascript' },
      password: 'mallory-password',
    });
    app = await startCore();
    await app.core.handlers.discover({ server: world.portal.baseUrl });

    const failure = signInAsMallory();
    await expect(failure).rejects.toMatchObject({ code: 'REDIRECT_INVALID' });
    await expect(failure).rejects.toThrow(/pointed to "javascript:alert\(document\.cookie\)\/\/"/);
  });
});
