/**
 * Starting single sign-on: whatever fails before the browser comes back (the loopback listener,
 * the browser itself, a provider the server never offered) ends the attempt with a message and
 * leaves the next sign-in free to start; the provider id reaches the server as one path segment.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForSsoCallback } from '../../electron/core/login/SsoLoopbackListener.js';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

// The real listener, wrapped so one test can make it fail to start.
vi.mock('../../electron/core/login/SsoLoopbackListener.js', async (importOriginal) => {
  const actual =
    await importOriginal<typeof import('../../electron/core/login/SsoLoopbackListener.js')>();
  return { ...actual, listenForSsoCallback: vi.fn(actual.listenForSsoCallback) };
});

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

/** Plays the system browser: follows the server's SSO redirect back to the loopback listener. */
function systemBrowser(opened: string[]) {
  return async (url: string) => {
    opened.push(url);
    const idp = await fetch(url, { redirect: 'manual' });
    const back = idp.headers.get('location');
    if (!back) throw new Error(`the server answered ${idp.status} without a redirect`);
    await (await fetch(back)).text();
  };
}

async function startWithSso(
  providers: { id: string; name: string }[],
  openExternal: (url: string) => Promise<void>,
) {
  world = await startWorld({
    identityServer: false,
    homeserver: { login: { password: true, sso: providers } },
  });
  app = await startCore({ openExternal });
  await app.core.handlers.discover({ server: world.hs1.baseUrl });
}

describe('starting single sign-on', () => {
  it('a loopback listener that cannot start ends the attempt; the next sign-in works', async () => {
    await startWithSso([{ id: 'corp', name: 'Corp' }], systemBrowser([]));
    vi.mocked(listenForSsoCallback).mockRejectedValueOnce(
      Object.assign(new Error('listen EACCES: permission denied 127.0.0.1'), { code: 'EACCES' }),
    );

    await expect(app!.core.handlers.startSso({ providerId: 'corp' })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
    expect(await app!.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'SIGN_IN_FAILED', message: expect.stringMatching(/EACCES/) },
    });

    // Not "A sign-in is already in progress": the failed attempt is over.
    expect(await app!.core.handlers.startSso({ providerId: 'corp' })).toMatchObject({
      status: 'signedIn',
    });
  });

  it('a browser that cannot be opened ends the attempt; the next sign-in works', async () => {
    let browserWorks = false;
    const opened: string[] = [];
    const browser = systemBrowser(opened);
    await startWithSso([{ id: 'corp', name: 'Corp' }], (url) => {
      if (!browserWorks) return Promise.reject(new Error('no default browser'));
      return browser(url);
    });

    await expect(app!.core.handlers.startSso({ providerId: 'corp' })).rejects.toMatchObject({
      code: 'SIGN_IN_FAILED',
    });
    browserWorks = true;
    expect(await app!.core.handlers.startSso({ providerId: 'corp' })).toMatchObject({
      status: 'signedIn',
    });
  });

  it('refuses a provider the server did not offer, before anything is opened', async () => {
    const opened: string[] = [];
    await startWithSso([{ id: 'corp', name: 'Corp' }], systemBrowser(opened));
    world!.hs1.resetRequests();

    const refusal = app!.core.handlers.startSso({ providerId: '../../login/sso/redirect' });
    await expect(refusal).rejects.toMatchObject({ code: 'UNKNOWN_SSO_PROVIDER' });
    await expect(refusal).rejects.toThrow(new RegExp(`${world!.hs1.port}.*does not offer`));
    expect(await app!.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'UNKNOWN_SSO_PROVIDER' },
    });
    // The command has returned: nothing was opened, and the server heard nothing.
    expect(opened).toEqual([]);
    expect(world!.hs1.requests()).toEqual([]);
    // The offered provider still works.
    expect(await app!.core.handlers.startSso({ providerId: 'corp' })).toMatchObject({
      status: 'signedIn',
    });
  });

  it('does not offer, and so refuses, a provider id outside the spec grammar ("/", spaces)', async () => {
    // The spec limits identity-provider ids to [A-Za-z0-9._~-]: one with "/" or a space is not
    // listed, so it can never reach the URL path (ssoLoginUrl still encodes as a second line).
    const opened: string[] = [];
    await startWithSso(
      [
        { id: 'corp/eu west', name: 'Corp EU' },
        { id: 'corp-eu_1.x~', name: 'Corp' },
      ],
      systemBrowser(opened),
    );

    const refusal = app!.core.handlers.startSso({ providerId: 'corp/eu west' });
    await expect(refusal).rejects.toMatchObject({ code: 'UNKNOWN_SSO_PROVIDER' });
    expect(opened).toEqual([]);
    expect(await app!.core.handlers.startSso({ providerId: 'corp-eu_1.x~' })).toMatchObject({
      status: 'signedIn',
    });
    expect(new URL(opened[0]!).pathname).toBe('/_matrix/client/v3/login/sso/redirect/corp-eu_1.x~');
  });
});
