/**
 * OAuth 2.0 sign-in through the core (issue 10), against the real authorization server fixture
 * (oidc-provider) and a homeserver that delegates to it: discover → register → authorize in the
 * "browser" → loopback callback → signed in → restart → sign-out revokes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyManagedConfig } from '../../electron/config/managedConfig.js';
import { refresh } from '../fixtures/__tests__/oauthHttp.js';
import { startWorld, type World } from '../fixtures/index.js';
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
const alice = () => w().oauthUsers!.find((u) => u.username === 'alice')!;

async function start(options: Parameters<typeof startCore>[0] = {}) {
  world ??= await startWorld({ oauth: true, identityServer: false });
  app = await startCore(options);
  const discovery = await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
  return discovery;
}

describe('OAuth 2.0 sign-in, the whole way', () => {
  it('reads auth_metadata once: the sign-in uses what discovery validated', async () => {
    await start({ openExternal: approvingBrowser(w) });
    const metadataReads = () =>
      w().oauthHs!.requestCount({ path: '/_matrix/client/v1/auth_metadata' });
    expect(metadataReads(), 'discovery').toBe(1);

    const state = await app!.core.handlers.startOAuth({});

    expect(state).toMatchObject({ status: 'signedIn', userId: alice().userId });
    expect(metadataReads(), 'no second read by the sign-in').toBe(1);
  });

  it('discovers, registers, authorizes in the browser, signs in; restart restores; sign-out revokes', async () => {
    const browser = approvingBrowser(w);
    const discovery = await start({ openExternal: browser });
    expect(discovery.flows).toMatchObject({
      oauth: { issuer: w().oauth!.issuer },
      preferOAuth: true,
    });

    const state = await app!.core.handlers.startOAuth({});

    expect(state).toMatchObject({ status: 'signedIn', userId: alice().userId });
    if (state.status !== 'signedIn') throw new Error('not signed in');
    // The browser was told to go back to the app.
    expect(browser.pages).toEqual([{ status: 200, text: expect.stringMatching(/return to/) }]);
    // The authorization request: PKCE S256, the Matrix API and the app's device, a loopback port.
    const request = new URL(browser.opened[0]!);
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('scope')).toBe(
      `urn:matrix:client:api:* urn:matrix:client:device:${state.deviceId}`,
    );
    expect(request.searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/,
    );
    // Registered as the spec has native clients do it.
    expect(w().oauth!.registeredClients()).toEqual([
      expect.objectContaining({
        application_type: 'native',
        client_name: 'Routed Matrix',
        client_uri: 'https://r-seed-1440fc43.example/routed-matrix',
        policy_uri: 'https://r-seed-1440fc43.example/routed-matrix/privacy',
      }),
    ]);
    // The session works: the homeserver accepts its token (account data read at start).
    const [accessToken] = w()
      .oauth!.issuedTokens()
      .filter((t) => t.kind === 'access_token')
      .map((t) => t.token);
    expect(await w().oauth!.isActive(accessToken!)).toBe(true);

    // Restart: the same session, no new sign-in.
    app = await app!.restart();
    expect(await app.session()).toMatchObject({
      status: 'signedIn',
      userId: alice().userId,
      deviceId: state.deviceId,
    });

    const hsLogoutsBefore = w().oauthHs!.requestCount({ path: '/_matrix/client/v3/logout' });
    expect(await app.core.handlers.signOut({})).toEqual({ status: 'signedOut', notice: null });
    // Revoked at the authorization server (two revocations: access and refresh token, neither
    // usable any more); /logout never sent.
    expect(await w().oauth!.isActive(accessToken!)).toBe(false);
    const refreshToken = w()
      .oauth!.issuedTokens()
      .find((t) => t.kind === 'refresh_token')!.token;
    const clientId = String(w().oauth!.registeredClients()[0]!.client_id);
    const refreshed = await refresh(w().oauth!.baseUrl, clientId, refreshToken);
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant' });
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token/revocation' })).toBe(2);
    expect(w().oauthHs!.requestCount({ path: '/_matrix/client/v3/logout' })).toBe(hsLogoutsBefore);
    expect(hsLogoutsBefore).toBe(0);
  });

  it('remembers the registration: a second sign-in at the same issuer registers nothing', async () => {
    await start({ openExternal: approvingBrowser(w) });
    await app!.core.handlers.startOAuth({});
    await app!.core.handlers.signOut({});
    await app!.core.handlers.discover({ server: w().oauthHs!.baseUrl });

    expect(await app!.core.handlers.startOAuth({})).toMatchObject({ status: 'signedIn' });

    expect(w().oauth!.registeredClients()).toHaveLength(1);
    expect(w().oauth!.requestCount({ method: 'POST', path: '/reg' })).toBe(1);
  });

  it("the administrator's static client id wins: nothing is registered", async () => {
    world = await startWorld({ oauth: true, identityServer: false });
    // Registered "in advance", as an administrator would (here: through the same endpoint).
    const clientId = await registerInAdvance(world);
    const browser = approvingBrowser(w);
    await start({
      openExternal: browser,
      managedConfig: {
        ...emptyManagedConfig(),
        config: {
          ...emptyManagedConfig().config,
          oidc_static_clients: { [world.oauth!.issuer]: { client_id: clientId } },
        },
      },
    });
    const registrations = world.oauth!.requestCount({ method: 'POST', path: '/reg' });

    expect(await app!.core.handlers.startOAuth({})).toMatchObject({ status: 'signedIn' });

    expect(new URL(browser.opened[0]!).searchParams.get('client_id')).toBe(clientId);
    expect(world.oauth!.requestCount({ method: 'POST', path: '/reg' })).toBe(registrations);
  });
});

describe('the loopback answer', () => {
  it('refuses a wrong state in the browser and keeps waiting; the real answer signs in', async () => {
    const browser = recordingBrowser();
    await start({ openExternal: browser });
    const signingIn = app!.core.handlers.startOAuth({});
    const { redirect } = await authorize(w(), await browser.nth(1));

    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged');
    const refused = await visit(forged);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/does not belong to the sign-in in progress/);
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(0);

    await visit(redirect);
    expect(await signingIn).toMatchObject({ status: 'signedIn' });
    // Replayed: the listener is gone; nothing more reaches the token endpoint.
    const replay = await visit(redirect).catch(() => null);
    expect(replay?.status ?? 'closed').not.toBe(200);
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(1);
  });

  it('cancel ends the wait; the listener stops answering', async () => {
    const browser = recordingBrowser();
    await start({ openExternal: browser });
    const signingIn = app!.core.handlers.startOAuth({});
    const { redirect } = await authorize(w(), await browser.nth(1));

    await app!.core.handlers.cancelLogin({});

    await expect(signingIn).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await app!.session()).toMatchObject({ status: 'signedOut' });
    const late = await visit(redirect).catch(() => null);
    expect(late?.status ?? 'closed').not.toBe(200);
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(0);
  });

  it('a denied consent ends the sign-in with the reason, in the app and in the browser', async () => {
    const browser = recordingBrowser();
    await start({ openExternal: browser });
    const signingIn = app!.core.handlers.startOAuth({}).catch((error: unknown) => error);
    const { redirect } = await authorize(w(), await browser.nth(1), 'alice', 'deny');

    const page = await visit(redirect);

    expect(page.status).toBe(400);
    expect(page.text).toMatch(/did not complete/);
    expect(await signingIn).toMatchObject({
      code: 'OAUTH_DENIED',
      message: expect.stringContaining(new URL(w().oauth!.issuer).host),
    });
  });
});

async function registerInAdvance(world: World): Promise<string> {
  const res = await fetch(`${world.oauth!.baseUrl}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      application_type: 'native',
      client_name: 'Routed Matrix (managed)',
      client_uri: 'https://r-seed-1440fc43.example/routed-matrix',
      redirect_uris: ['http://127.0.0.1/oauth/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  const body = (await res.json()) as { client_id: string };
  return body.client_id;
}
