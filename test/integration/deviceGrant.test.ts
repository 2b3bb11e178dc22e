/**
 * The device authorization grant through the core (issue 10, item 7) against the real
 * authorization server, on a test clock: the app asks the token endpoint only at the server's
 * interval (5 s here, the RFC's default), so nothing is polled before time moves, and a test
 * waits no real seconds. The user approves through the server's own device page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Browser, signInThroughPages } from '../fixtures/__tests__/oauthHttp.js';
import { startWorld, type World } from '../fixtures/index.js';
import { createTestClock, type TestClock } from '../node-platform/testClock.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

const tokenPolls = () => world!.oauth!.requests({ method: 'POST', path: '/token' }).length;

async function startWaiting(clock: TestClock) {
  world = await startWorld({ oauth: true, identityServer: false });
  app = await startCore({ clock });
  await app.core.handlers.discover({ server: world.oauthHs!.baseUrl });
  const outcome = app.core.handlers.startDeviceGrant({});
  outcome.catch(() => undefined);
  const waiting = await app.waitFor(
    'session',
    (s) => s.status === 'busy' && s.step === 'waitingForDevice',
  );
  if (waiting.status !== 'busy' || !waiting.deviceGrant) throw new Error('no device grant shown');
  return { outcome, prompt: waiting.deviceGrant };
}

describe('device authorization grant', () => {
  it("polls at the server's interval on the platform clock, and signs in once approved", async () => {
    const clock = createTestClock();
    const { outcome, prompt } = await startWaiting(clock);
    expect(prompt.verificationUri).toBe(`${world!.oauth!.baseUrl}/device`);
    expect(prompt.verificationUriComplete).toContain(`${world!.oauth!.baseUrl}/device`);
    expect(prompt.expiresAt).toBe(clock.now() + 600_000);
    // Discovery read auth_metadata; the device grant used its validated copy, not a second read.
    expect(world!.oauthHs!.requestCount({ path: '/_matrix/client/v1/auth_metadata' })).toBe(1);

    await clock.advance(4_999);
    expect(tokenPolls(), 'nothing before the first interval').toBe(0);
    await clock.advance(1);
    await expect.poll(tokenPolls).toBe(1);

    // The user, elsewhere: the device page, the code, the login and consent pages.
    const alice = world!.oauthUsers!.find((u) => u.username === 'alice')!;
    const browser = new Browser(world!.oauth!.baseUrl);
    const codePage = await browser.get(prompt.verificationUri);
    const login = await browser.submit(codePage, 'device-form', { user_code: prompt.userCode });
    const done = await signInThroughPages(browser, login, alice);
    expect(done.html).toContain('id="device-success"');
    expect(tokenPolls(), 'approving sends the app nothing; it waits for its next poll').toBe(1);

    await clock.advance(5_000);
    const state = await outcome;
    expect(state).toMatchObject({ status: 'signedIn', userId: alice.userId });
    expect(tokenPolls()).toBe(2);
    if (state.status !== 'signedIn') throw new Error('not signed in');
    const [token] = world!.oauth!.issuedTokens('alice').filter((t) => t.kind === 'access_token');
    expect(token!.scope.split(' ').sort()).toEqual(
      ['urn:matrix:client:api:*', `urn:matrix:client:device:${state.deviceId}`].sort(),
    );
    expect(state.accountManagement).toEqual({
      actions: ['profile', 'sessions', 'password'],
      host: new URL(world!.oauth!.baseUrl).host,
    });
  });

  it('cancelling stops the polling at once', async () => {
    const clock = createTestClock();
    const { outcome } = await startWaiting(clock);
    await clock.advance(5_000);
    await expect.poll(tokenPolls).toBe(1);
    await app!.core.handlers.cancelLogin({});
    await expect(outcome).rejects.toMatchObject({ code: 'CANCELLED' });
    await clock.advance(60_000);
    expect(tokenPolls()).toBe(1);
  });

  it('a denied code is an error naming the authorization server', async () => {
    const clock = createTestClock();
    const { outcome } = await startWaiting(clock);
    expect(await world!.oauth!.denyDeviceCode()).toBe(1);
    await clock.advance(5_000);
    await expect(outcome).rejects.toMatchObject({
      code: 'DEVICE_GRANT_DENIED',
      message: expect.stringContaining(new URL(world!.oauth!.issuer).host),
    });
    expect(await app!.session()).toMatchObject({
      status: 'signedOut',
      notice: { code: 'DEVICE_GRANT_DENIED' },
    });
  });
});
