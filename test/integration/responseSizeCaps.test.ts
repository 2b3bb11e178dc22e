/**
 * Every response is capped for its endpoint (issue 9, defect 7): a /login or /sync answer over
 * the cap ends in an error that names the server, the cap and the endpoint, and nothing from it
 * is stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
});

describe('response size caps', () => {
  it('a /login answer over 64 KiB fails the sign-in with a clear error and stores nothing', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    world.hs1.oversizedNext(1, { bytes: 200 * 1024, path: '/login' });

    const error = await app.core.handlers
      .loginWithPassword({ identifier: 'alice', password: world.user('alice').password })
      .then(
        () => null,
        (e: unknown) => e as Error & { code?: string },
      );
    const message = `${world.hs1.serverName} answered with more than 64 KiB for /login.`;
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', message });
    expect(await app.session()).toEqual({
      status: 'signedOut',
      notice: { code: 'RESPONSE_TOO_LARGE', message },
    });
    // Nothing was kept: a restarted app has no session to resume.
    app = await app.restart();
    expect(await app.session()).toMatchObject({ status: 'signedOut' });
  });

  it('a /sync answer declared over 32 MiB is refused unread and applies nothing', async () => {
    world = await startWorld({ identityServer: false });
    app = await startCore();
    // Every /sync of this session, the first one included, is oversized.
    world.hs1.oversizedNext(1_000, { bytes: 33 * 1024 * 1024, declareLength: true, path: '/sync' });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: world.user('alice').password,
    });
    // The account's identity-server choice is known (read directly, not through /sync).
    const identityBefore = await app.waitFor('identity', (s) => s.source !== 'pending');
    // A change only /sync can bring.
    world.hs1.setAccountData('alice', 'm.identity_server', { base_url: 'https://is.example.org' });

    // Barrier: the sync loop sends one /sync at a time, so once two more have arrived, the first
    // one sent after the change has been answered (oversized) and handled.
    const syncsBefore = world.hs1.requestCount({ path: '/sync' });
    await vi.waitFor(
      () =>
        expect(world!.hs1.requestCount({ path: '/sync' })).toBeGreaterThanOrEqual(syncsBefore + 2),
      { timeout: 10_000, interval: 20 },
    );
    expect(app.log.lines.find((l) => l.includes('sync failed'))).toContain(
      `${world.hs1.serverName} answered with more than 32 MiB for /sync.`,
    );
    expect(await app.identity()).toEqual(identityBefore);
  });
});
