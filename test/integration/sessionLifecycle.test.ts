import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOGOUT_TIMEOUT_MS } from '../../electron/core/session/MatrixSession.js';
import { startWorld, type World } from '../fixtures/index.js';
import { createManualClock } from '../node-platform/manualClock.js';
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

/** The Node platform's settings file of a core under test, as JSON. */
function settingsOnDisk(dataDir: string): Record<string, unknown> {
  const path = join(dataDir, 'settings.json');
  return existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
    : {};
}

/** A settings key: flat on both platforms ('identity.tokens' is one key). */
function storedAt(settings: Record<string, unknown>, key: string): unknown {
  return settings[key];
}

/** The parts of the settings one user's identity-server data lives in (tokens, terms, last). */
function identityDataOf(dataDir: string, userId: string) {
  const settings = settingsOnDisk(dataDir);
  const of = (key: string) =>
    (storedAt(settings, key) as Record<string, unknown> | undefined)?.[userId];
  return {
    tokens: of('identity.tokens'),
    terms: of('identity.acceptedTerms'),
    lastActive: of('identity.lastActive'),
  };
}

/** Signs alice in at hs1 and accepts the advertised identity server's terms there. */
async function signInWithIdentityServer() {
  await signInDirect('alice');
  const candidate = await app!.core.handlers.identityDefaultCheck({});
  if (!candidate) throw new Error('the world advertises no identity server');
  await app!.core.handlers.identityAcceptTerms({
    acceptedPolicyUrls: candidate.policies.map((p) => p.url),
    acceptNoTerms: candidate.policies.length === 0,
  });
  const stored = identityDataOf(app!.dataDir, world!.user('alice').userId);
  expect(stored.tokens).toBeDefined();
  expect(stored.terms).toBeDefined();
  return candidate.url;
}

describe('how the server ends a session', () => {
  it('a device signed out from another session is a hard logout, even with a refresh token', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await signInDirect('alice');
    app.events.length = 0;
    // Another session removes this device: its access and refresh tokens end with it.
    world.hs1.expireTokens({ user: 'alice' }, 'hard');
    world.hs1.setAccountData('alice', 'org.example.nudge', { at: 1 });

    const out = await app.waitFor('session', (s) => s.status !== 'signedIn' && s.status !== 'busy');
    expect(out).toMatchObject({
      status: 'signedOut',
      notice: { code: 'M_UNKNOWN_TOKEN' },
    });
    const notice = out.status === 'signedOut' ? out.notice?.message : '';
    expect(notice).toContain(new URL(world.hs1.baseUrl).host);
    expect(notice).toMatch(/signed out from another device or by the server/);
    // The refusal of the refresh said nothing of soft_logout: the device is gone, so is its record.
    const refreshes = world.hs1.requests({ path: '/refresh' });
    expect(refreshes.map((r) => r.status)).toEqual([401]);
    expect(storedAt(settingsOnDisk(app.dataDir), 'session.record')).toBeUndefined();
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut' });
  });

  it('a hard logout forgets the identity-server tokens and accepted terms; a soft one keeps them', async () => {
    world = await startWorld({ homeserver: { refreshTokens: false } });
    app = await startCore();
    await signInWithIdentityServer();
    const alice = world.user('alice').userId;

    world.hs1.expireTokens({ user: 'alice' }, 'soft');
    world.hs1.setAccountData('alice', 'org.example.nudge', { at: 1 });
    await app.waitFor('session', (s) => s.status === 'softLoggedOut', 40_000);
    const kept = identityDataOf(app.dataDir, alice);
    expect(kept.tokens).toBeDefined();
    expect(kept.terms).toBeDefined();

    await app.core.handlers.loginWithPassword({ identifier: alice, password: 'alice-password' });
    await app.waitFor('identity', (s) => s.termsAccepted);
    app.events.length = 0;
    world.hs1.expireTokens({ user: 'alice' }, 'hard');
    world.hs1.setAccountData('alice', 'org.example.nudge', { at: 2 });
    await app.waitFor('session', (s) => s.status === 'signedOut', 40_000);

    expect(identityDataOf(app.dataDir, alice)).toEqual({
      tokens: undefined,
      terms: undefined,
      lastActive: undefined,
    });
  });
});

describe('signing out while the homeserver cannot be reached', () => {
  it('signs out here and says the server could not be told', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await signInDirect('alice');
    world.hs1.dropNext(1, '/logout');

    const state = await app.core.handlers.signOut({});

    expect(state).toMatchObject({ status: 'signedOut', notice: { code: 'SIGNED_OUT_LOCALLY' } });
    const message = state.status === 'signedOut' ? state.notice?.message : '';
    expect(message).toContain(new URL(world.hs1.baseUrl).host);
    expect(message).toMatch(/may still be listed/);
    expect(world.hs1.requests({ path: '/logout' }).map((r) => r.status)).toEqual([0]);
    expect(world.hs1.devices('alice')).toHaveLength(1);
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut', notice: null });
  });

  it('stops waiting for /logout after the timeout, on the platform clock', async () => {
    const clock = createManualClock({});
    world = await startWorld({ identityServer: false });
    app = await startCore({ clock });
    await signInDirect('alice');
    world.hs1.addLatency(10 * 60_000, '/logout');

    const signingOut = app.core.handlers.signOut({});
    await until(() => world!.hs1.requests({ path: '/logout' }).length === 1);
    await clock.advance(LOGOUT_TIMEOUT_MS);

    expect(await signingOut).toMatchObject({
      status: 'signedOut',
      notice: { code: 'SIGNED_OUT_LOCALLY' },
    });
    world.hs1.clearFaults();
  });
});

describe('storage that cannot be read', () => {
  it('a truncated settings file gives a notice and a working sign-in, not a crash', async () => {
    world = await startWorld({ identityServer: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'routed-matrix-it-'));
    const file = join(dataDir, 'settings.json');
    writeFileSync(file, '{"session.record": {"userId": "@alice:exa');

    app = await startCore({ dataDir });

    const state = await app.session();
    expect(state).toMatchObject({ status: 'signedOut', notice: { code: 'SETTINGS_RESET' } });
    const message = state.status === 'signedOut' ? state.notice?.message : '';
    expect(message).toContain(file);
    expect(message).toMatch(/could not be read \(it was not valid JSON/);
    expect(await signInDirect('alice')).toMatchObject({ status: 'signedIn' });
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedIn' });
  });

  it('a sealed sign-in the keyring can no longer open gives a clean sign-in that says why', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await signInDirect('alice');
    await app.close();
    // What a new OS keyring does to a sealed value: it no longer opens.
    const settings = settingsOnDisk(app.dataDir);
    settings['session.sealed'] =
      `test-only-aes-gcm:${Buffer.from('sealed under a key now gone').toString('base64')}`;
    writeFileSync(join(app.dataDir, 'settings.json'), JSON.stringify(settings));

    app = await startCore({ dataDir: app.dataDir });

    const state = await app.session();
    expect(state).toMatchObject({ status: 'signedOut', notice: { code: 'SESSION_LOCKED' } });
    const message = state.status === 'signedOut' ? state.notice?.message : '';
    expect(message).toContain(world.user('alice').userId);
    expect(message).toContain(new URL(world.hs1.baseUrl).host);
    expect(message).toMatch(/could not be unlocked: the system keyring changed/);
    expect(storedAt(settingsOnDisk(app.dataDir), 'session.record')).toBeUndefined();
    expect(await signInDirect('alice')).toMatchObject({ status: 'signedIn' });
  });
});

/** Resolves once `condition` holds (a barrier on an observable fact, checked every turn). */
async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
