/**
 * An OAuth 2.0 session through the core (issue 10, items 5 and 8): the SDK refreshes at the
 * authorization server with rotation, the rotated tokens survive a restart, a refused refresh is
 * a soft logout that resumes on the same device, and everything else (MSC3824 preference, the
 * identity server, lookups) works as with a password session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { approvingBrowser } from './oauthSupport.js';
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
const tokens = (kind: 'access_token' | 'refresh_token') =>
  w()
    .oauth!.issuedTokens()
    .filter((t) => t.kind === kind)
    .map((t) => t.token);

async function signIn(options: Parameters<typeof startCore>[0] = {}) {
  world ??= await startWorld({ oauth: true, identityServer: false });
  const browser = approvingBrowser(w);
  app = await startCore({ openExternal: browser, ...options });
  await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
  const state = await app.core.handlers.startOAuth({});
  if (state.status !== 'signedIn') throw new Error(`not signed in: ${JSON.stringify(state)}`);
  return { state, browser };
}

describe('an OAuth 2.0 session', () => {
  it('refreshes an expired token at the authorization server once, rotates, and keeps the new tokens', async () => {
    await signIn();
    const [firstRefresh] = tokens('refresh_token');
    const tokenRequests = w().oauth!.requestCount({ method: 'POST', path: '/token' });
    await w().oauth!.expireAccessTokens({ user: 'alice' });

    // Several homeserver requests at once, all with the expired token.
    await Promise.all(Array.from({ length: 4 }, () => app!.core.handlers.identityDisableCheck({})));

    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(tokenRequests + 1);
    expect(await app!.session()).toMatchObject({ status: 'signedIn' });
    const newAccess = tokens('access_token').at(-1)!;
    expect(await w().oauth!.isActive(newAccess)).toBe(true);
    // Rotation: the first refresh token was used up (consumed; presenting it again would make
    // the authorization server revoke the whole grant, as reuse detection should).
    expect(
      w()
        .oauth!.issuedTokens()
        .find((t) => t.token === firstRefresh),
    ).toMatchObject({
      consumed: true,
    });
    expect(tokens('refresh_token')).toHaveLength(2);

    // The rotated tokens were sealed at once: a restart works with them, no new refresh.
    app = await app!.restart();
    const before = w().oauth!.requestCount({ method: 'POST', path: '/token' });
    await app.core.handlers.identityDisableCheck({});
    expect(await app.session()).toMatchObject({ status: 'signedIn' });
    expect(w().oauth!.requestCount({ method: 'POST', path: '/token' })).toBe(before);
    expect(w().oauthHs!.requestCount({ path: '/_matrix/client/v3/refresh' })).toBe(0);
  });

  it('a refused refresh is a soft logout with the issuer; signing in again keeps the device', async () => {
    const { state } = await signIn();
    await w().oauth!.revokeAllTokens('alice');

    await app!.core.handlers.identityDisableCheck({}).catch(() => undefined);
    const soft = await app!.waitFor('session', (s) => s.status === 'softLoggedOut');

    expect(soft).toMatchObject({
      status: 'softLoggedOut',
      userId: alice().userId,
      oauthIssuer: w().oauth!.issuer,
    });
    // A password cannot resume an OAuth session.
    await expect(
      app!.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-password' }),
    ).rejects.toMatchObject({ code: 'WRONG_SIGN_IN_METHOD' });

    const again = await app!.core.handlers.startOAuth({});

    expect(again).toMatchObject({
      status: 'signedIn',
      userId: alice().userId,
      deviceId: state.deviceId,
    });
  });

  it('MSC3824: a hybrid server that marks SSO oauth_aware_preferred is signed in to with OAuth', async () => {
    world = await startWorld({ oauth: { mode: 'hybrid' }, identityServer: false });
    app = await startCore({ openExternal: approvingBrowser(w) });

    const discovery = await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });

    expect(discovery.flows).toMatchObject({
      password: true,
      oauth: { issuer: world.oauth!.issuer },
      preferOAuth: true,
    });
    expect(await app.core.handlers.startOAuth({})).toMatchObject({ status: 'signedIn' });
  });
});

describe('the identity server in an OAuth 2.0 session', () => {
  it('changes the identity server (account data) and looks up a contact through it', async () => {
    world = await startWorld({ oauth: true });
    await signIn();
    const is = world.identityServer!;
    const bob = world.oauthUsers!.find((u) => u.username === 'bob')!;
    is.addBinding('email', 'bob@example.org', bob.userId);

    const candidate = await app!.core.handlers.identityCheck({ server: is.baseUrl });
    const changed = await app!.core.handlers.identityChange({
      url: candidate.url,
      acceptedPolicyUrls: candidate.policies.map((p) => p.url),
      acceptNoTerms: candidate.policies.length === 0,
    });

    expect(changed).toMatchObject({ url: is.baseUrl, source: 'account', termsAccepted: true });
    expect(
      w().oauthHs!.requestCount({
        method: 'PUT',
        path: `/_matrix/client/v3/user/${encodeURIComponent(alice().userId)}/account_data/m.identity_server`,
      }),
    ).toBe(1);
    expect(
      await app!.core.handlers.lookupContact({ medium: 'email', address: 'bob@example.org' }),
    ).toEqual({ userId: bob.userId });
    // The identity server checked alice's OpenID token at the OAuth homeserver.
    expect(is.accounts().map((a) => a.userId)).toContain(alice().userId);
  });
});
