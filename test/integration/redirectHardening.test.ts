/**
 * HTTP redirects from a validated https server are checked hop by hop (issue 9, defect 6): a
 * 30x to plain http is refused, whoever made the request (the homeserver probe of discovery, the
 * session's /sync), and the http server hears nothing, token or not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHomeserver, startWorld, type Homeserver, type World } from '../fixtures/index.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let trap: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  await trap?.close();
  app = world = trap = undefined;
});

/** An https world, and a plain-http homeserver on loopback that nothing should ever reach. */
async function setUp() {
  world = await startWorld({ tls: true, identityServer: false });
  trap = await startHomeserver({ label: 'trap' });
  app = await startCore({ extraCaPem: world.caPem });
  expect(world.hs1.baseUrl).toMatch(/^https:/);
  expect(trap.baseUrl).toMatch(/^http:/);
  return { world, trap, app };
}

describe('redirects the app is sent', () => {
  it('discovery refuses a homeserver whose /versions redirects from https to http', async () => {
    const { world, trap, app } = await setUp();
    world.hs1.redirectNext(1, {
      location: `${trap.baseUrl}/_matrix/client/versions`,
      path: '/versions',
    });
    const error = await app.core.handlers.discover({ server: world.hs1.baseUrl }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      `Cannot use ${world.hs1.serverName}: ${world.hs1.serverName} redirected ` +
        `${world.hs1.baseUrl}/_matrix/client/versions to ${trap.baseUrl}/_matrix/client/versions, ` +
        `which was refused: it would downgrade the connection from https to http ` +
        `(${new URL(trap.baseUrl).host}).`,
    );
    // Barrier: the redirect was answered, and the discovery call has settled.
    expect(world.hs1.requests({ path: '/versions' }).map((r) => r.status)).toEqual([302]);
    expect(trap.requests()).toEqual([]);
  });

  it("a session's /sync redirected to http is refused; the http server never sees a request", async () => {
    const { world, trap, app } = await setUp();
    world.hs1.redirectNext(1_000, {
      location: `${trap.baseUrl}/_matrix/client/v3/sync`,
      path: '/sync',
    });
    await app.core.handlers.discover({ server: world.hs1.baseUrl });
    await app.core.handlers.loginWithPassword({
      identifier: 'alice',
      password: world.user('alice').password,
    });
    // Barrier: the sync loop got the redirect and reported what it did with it.
    await vi.waitFor(
      () => {
        expect(world.hs1.requests({ path: '/sync' }).some((r) => r.status === 302)).toBe(true);
        expect(app.log.lines.some((l) => l.includes('sync failed'))).toBe(true);
      },
      { timeout: 10_000, interval: 20 },
    );
    const syncFailure = app.log.lines.find((l) => l.includes('sync failed'))!;
    expect(syncFailure).toContain(
      `redirected ${world.hs1.baseUrl}/_matrix/client/v3/sync to ${trap.baseUrl}/_matrix/client/v3/sync, which was refused`,
    );
    expect(trap.requests()).toEqual([]);
    // The session itself is untouched: a redirect is not a logout.
    expect(await app.session()).toMatchObject({ status: 'signedIn' });
  });
});
