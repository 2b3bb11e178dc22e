/**
 * OAuth 2.0 sign-in when something is wrong at the authorization server: each ends the attempt
 * with a message that names the server and what failed, and leaves the app signed out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { createTestClock } from '../node-platform/testClock.js';
import { OAUTH_TIMEOUT_MS } from '../../electron/core/login/methods/OAuthLoginMethod.js';
import { approvingBrowser, authorize, recordingBrowser, visit } from './oauthSupport.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

const w = () => world!;
const asHost = () => new URL(w().oauth!.issuer).host;

async function start(options: Parameters<typeof startCore>[0] = {}) {
  world ??= await startWorld({ oauth: true, identityServer: false });
  app = await startCore(options);
  await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
}

describe('OAuth 2.0 sign-in failures', () => {
  it('registration refused: says so, naming the authorization server; no browser opened', async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    world.oauth!.refuseRegistration(true);
    const browser = recordingBrowser();
    await start({ openExternal: browser });

    await expect(app!.core.handlers.startOAuth({})).rejects.toMatchObject({
      code: 'OAUTH_REGISTRATION_REFUSED',
      message: expect.stringContaining(asHost()),
    });
    expect(browser.opened).toEqual([]);
    expect(await app!.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'OAUTH_REGISTRATION_REFUSED' },
    });
  });

  it('an error from the token endpoint: named, and nothing is stored', async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    world.oauth!.failTokenEndpoint({ error: 'server_error', description: 'database down' });
    await start({ openExternal: approvingBrowser(w) });

    await expect(app!.core.handlers.startOAuth({})).rejects.toMatchObject({
      code: 'OAUTH_REFUSED',
      message: expect.stringMatching(new RegExp(`${asHost()} .*server_error.*database down`)),
    });
    expect(await app!.session()).toMatchObject({ status: 'signedOut' });
    app = await app!.restart();
    expect(await app.session()).toEqual({ status: 'signedOut', notice: null });
  });

  it('an answer from another issuer than the metadata names is refused (mix-up)', async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    world.oauth!.setIssuerMismatch('https://issuer.elsewhere.example');
    const browser = recordingBrowser();
    await start({ openExternal: browser });
    const signingIn = app!.core.handlers.startOAuth({}).catch((error: unknown) => error);
    const { redirect } = await authorize(w(), await browser.nth(1));

    const page = await visit(redirect);

    expect(page.status).toBe(400);
    expect(await signingIn).toMatchObject({
      code: 'OAUTH_ISSUER_MISMATCH',
      message: expect.stringContaining('issuer.elsewhere.example'),
    });
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(0);
  });

  it('gives up after the timeout, on the platform clock', async () => {
    const clock = createTestClock();
    const browser = recordingBrowser();
    await start({ openExternal: browser, clock });
    const signingIn = app!.core.handlers.startOAuth({}).catch((error: unknown) => error);
    const url = await browser.nth(1);

    await clock.advance(OAUTH_TIMEOUT_MS);

    expect(await signingIn).toMatchObject({
      code: 'OAUTH_TIMEOUT',
      message: expect.stringContaining(asHost()),
    });
    // The user finishing in the browser afterwards reaches nothing.
    const { redirect } = await authorize(w(), url);
    const late = await visit(redirect).catch(() => null);
    expect(late?.status ?? 'closed').not.toBe(200);
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(0);
  });
});
