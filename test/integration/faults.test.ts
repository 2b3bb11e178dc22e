/**
 * The fault suite (issue 9): the whole core against the fixture homeserver while it restarts,
 * drops connections, rate-limits, fails in bursts, stalls mid-body, and while the machine sleeps.
 * The core runs on a test clock (backoffs and deadlines pass when the test says so; the servers
 * keep real time). Each case ends with what the window would show — the connection back to
 * connected, the identity server equal to the account data on the server — and the stored
 * session intact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_DEADLINE_MS } from '../../electron/core/session/SyncRequestRetrier.js';
import type { ConnectionStatus, IdentityState } from '../../electron/ipc/contract.js';
import { startHomeserver, type Homeserver } from '../fixtures/index.js';
import { createTestClock, type TestClock } from '../node-platform/testClock.js';
import { startCore, type CoreUnderTest } from './support.js';

const IDENTITY_EVENT = 'm.identity_server';
const IS = {
  a: 'https://is-a.example.org',
  b: 'https://is-b.example.org',
  c: 'https://is-c.example.org',
};

let hs: Homeserver | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await hs?.close();
  app = hs = undefined;
});

type Trouble = Exclude<ConnectionStatus, { state: 'connected' }>;

interface Scene {
  hs: Homeserver;
  app: CoreUnderTest;
  clock: TestClock;
  host: string;
  /** Resolves once the app long-polls /sync again (its loop is idle and healthy). */
  polling(): Promise<void>;
  /** "Another device" changes the identity server; the open long-poll wakes up. */
  setIdentityServer(url: string | null): void;
  /** The connection events since the scene started. */
  connection(): ConnectionStatus[];
  /** The next trouble status after the `seen` ones. */
  trouble(seen: number, match?: (s: Trouble) => boolean): Promise<Trouble>;
  /** The active identity server of every identity event since sign-in, repeats removed. */
  identityUrls(): (string | null)[];
  /** The core's identity state equals the account data on the server, and stays signed in. */
  expectInStep(url: string | null): Promise<void>;
}

/** Polls `check` (a server's state) on real time until it holds: a wait, not a sleep. */
async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function signedInAlice(beforeSignIn?: (hs: Homeserver) => void): Promise<Scene> {
  const server = await startHomeserver({ users: [{ localpart: 'alice', password: 'alice-pw' }] });
  hs = server;
  server.setAccountData('alice', IDENTITY_EVENT, { base_url: IS.a });
  beforeSignIn?.(server);
  const clock = createTestClock();
  const core = await startCore({ clock });
  app = core;
  await core.core.handlers.discover({ server: server.baseUrl });
  await core.core.handlers.loginWithPassword({ identifier: 'alice', password: 'alice-pw' });
  if (!beforeSignIn) await core.waitFor('identity', (s) => s.url === IS.a);
  const scene: Scene = {
    hs: server,
    app: core,
    clock,
    host: new URL(server.baseUrl).host,
    polling: () => until('the app long-polls /sync', () => server.pendingSyncs('alice') > 0),
    setIdentityServer: (url) => server.setAccountData('alice', IDENTITY_EVENT, { base_url: url }),
    connection: () =>
      core.events.filter((e) => e.name === 'connection').map((e) => e.payload as ConnectionStatus),
    async trouble(seen, match = () => true) {
      const found = await core.waitFor(
        'connection',
        (s) => s.state !== 'connected' && match(s) && scene.connection().indexOf(s) >= seen,
      );
      return found as Trouble;
    },
    identityUrls() {
      const urls = core.events
        .filter((e) => e.name === 'identity')
        .map((e) => (e.payload as IdentityState).url);
      return urls.filter((url, i) => i === 0 || urls[i - 1] !== url);
    },
    async expectInStep(url) {
      await core.waitFor('connection', () => scene.connection().at(-1)?.state === 'connected');
      const onServer = server.getAccountData('alice', IDENTITY_EVENT) as { base_url: unknown };
      expect(onServer.base_url).toBe(url);
      await core.waitFor('identity', (s) => s.url === url && s.source === 'account');
      expect(await core.identity()).toMatchObject({ url, source: 'account' });
      expect(await core.session()).toMatchObject({ status: 'signedIn' });
      expect((await core.core.handlers.getState({})).connection).toEqual({ state: 'connected' });
    },
  };
  if (beforeSignIn) return scene;
  await scene.polling();
  expect(scene.connection()).toEqual([{ state: 'connected' }]);
  return scene;
}

/** Lets the backoff run out each time the app reports a wait, until it is connected again. */
async function waitOutBackoffs(scene: Scene, from: number): Promise<Trouble[]> {
  const seen: Trouble[] = [];
  for (;;) {
    await scene.app.waitFor('connection', () => scene.connection().length > from);
    const all = scene.connection().slice(from);
    const last = all.at(-1)!;
    if (last.state === 'connected') break;
    from = scene.connection().length;
    if (last.retryInMs > 0) {
      seen.push(last);
      await scene.clock.advance(last.retryInMs);
    }
  }
  return seen;
}

describe('the connection survives a bad network and a bad server', () => {
  it('tells the window when /sync fails, instead of only logging it (defect 9)', async () => {
    const scene = await signedInAlice();
    scene.hs.failNext(1, { status: 502, path: '/sync' });
    scene.setIdentityServer(IS.b); // answers the open long-poll; the next /sync gets the 502

    const trouble = await scene.trouble(0);
    expect(trouble).toMatchObject({
      state: 'reconnecting',
      server: scene.host,
      problem: 'it answered HTTP 502',
      attempt: 1,
    });
    expect(trouble.retryInMs).toBeGreaterThanOrEqual(800);
    expect(trouble.retryInMs).toBeLessThanOrEqual(1_000);
    const state = await scene.app.core.handlers.getState({});
    expect(state.connection).toMatchObject({ state: 'reconnecting', attempt: 1 });

    await scene.clock.advance(trouble.retryInMs);
    await scene.expectInStep(IS.b);
  });

  it('resumes after a server restart, with the change made while it was down', async () => {
    const scene = await signedInAlice();
    await scene.hs.takeDown();
    const first = await scene.trouble(0);
    expect(first).toMatchObject({ state: 'reconnecting', problem: 'the connection failed' });
    // Down for a while: three failures in a row read as offline, and the app keeps trying.
    const seen: Trouble[] = [first];
    while (seen.at(-1)!.attempt < 3) {
      const count = scene.connection().length;
      await scene.clock.advance(seen.at(-1)!.retryInMs);
      seen.push(await scene.trouble(count, (s) => s.retryInMs > 0));
    }
    expect(seen.map((s) => [s.state, s.attempt])).toEqual([
      ['reconnecting', 1],
      ['reconnecting', 2],
      ['offline', 3],
    ]);
    scene.setIdentityServer(IS.c); // written while the server is down (its data survives)
    await scene.hs.bringUp();
    await scene.clock.advance(seen.at(-1)!.retryInMs);
    await scene.expectInStep(IS.c);
    expect(scene.identityUrls()).toEqual([null, IS.a, IS.c]);

    // The stored session survived too: a restarted app resumes it and agrees with the server.
    const restarted = await scene.app.restart();
    app = restarted;
    await restarted.waitFor('identity', (s) => s.url === IS.c);
    expect(await restarted.session()).toMatchObject({ status: 'signedIn' });
  });

  it('resumes after dropped connections, losing no update', async () => {
    const scene = await signedInAlice();
    scene.hs.dropNext(2, '/sync');
    scene.setIdentityServer(IS.b);
    const from = 0;
    await scene.trouble(from, (s) => s.problem === 'the connection failed');
    scene.setIdentityServer(IS.c);
    const waits = await waitOutBackoffs(scene, from);
    expect(waits.map((w) => w.attempt)).toEqual([1, 2]);
    await scene.expectInStep(IS.c);
    expect(scene.identityUrls()).toEqual([null, IS.a, IS.b, IS.c]);
  });

  it("waits as long as a 429's retry_after_ms asks, not less", async () => {
    const scene = await signedInAlice();
    scene.hs.rateLimitNext(1, { retryAfterMs: 20_000, path: '/sync' });
    scene.setIdentityServer(IS.b);
    const trouble = await scene.trouble(0);
    expect(trouble).toMatchObject({ problem: 'it asked the app to slow down', retryInMs: 20_000 });
    const syncsBefore = scene.hs.requestCount({ path: '/sync' });

    await scene.clock.advance(19_000);
    // Barrier: every timer due in those 19 s has fired; no request may have followed.
    expect(scene.hs.requestCount({ path: '/sync' })).toBe(syncsBefore);

    scene.setIdentityServer(IS.c);
    await scene.clock.advance(1_000);
    await scene.expectInStep(IS.c);
    expect(scene.hs.requestCount({ path: '/sync' })).toBeGreaterThan(syncsBefore);
  });

  it('rides out a burst of 5xx with growing waits, then starts the backoff afresh', async () => {
    const scene = await signedInAlice();
    scene.hs.failNext(5, { status: 503, path: '/sync' });
    scene.setIdentityServer(IS.b);
    await scene.trouble(0);
    const waits = await waitOutBackoffs(scene, 0);
    expect(waits.map((w) => [w.state, w.attempt, w.problem])).toEqual([
      ['reconnecting', 1, 'it answered HTTP 503'],
      ['reconnecting', 2, 'it answered HTTP 503'],
      ['offline', 3, 'it answered HTTP 503'],
      ['offline', 4, 'it answered HTTP 503'],
      ['offline', 5, 'it answered HTTP 503'],
    ]);
    for (const [i, wait] of waits.entries()) {
      expect(wait.retryInMs).toBeGreaterThanOrEqual(0.8 * 1_000 * 2 ** i);
      expect(wait.retryInMs).toBeLessThanOrEqual(1_000 * 2 ** i);
    }
    await scene.expectInStep(IS.b);

    // A later failure starts from the first wait again.
    await scene.polling();
    const count = scene.connection().length;
    scene.hs.failNext(1, { status: 500, path: '/sync' });
    scene.setIdentityServer(IS.c);
    const again = await scene.trouble(count);
    expect(again).toMatchObject({ attempt: 1 });
    expect(again.retryInMs).toBeLessThanOrEqual(1_000);
    await scene.clock.advance(again.retryInMs);
    await scene.expectInStep(IS.c);
  });

  it('gives up on a body that stalls, at its deadline, and asks again', async () => {
    const scene = await signedInAlice();
    scene.hs.stallNext(1, '/sync');
    scene.setIdentityServer(IS.b);
    await until('the stalled /sync is open', () => scene.hs.requestCount({ path: '/sync' }) >= 3);
    await scene.clock.advance(SYNC_DEADLINE_MS - 1_000);
    expect(scene.connection()).toEqual([{ state: 'connected' }]);
    scene.setIdentityServer(IS.c);
    await scene.clock.advance(1_000);
    const trouble = await scene.trouble(0);
    expect(trouble).toMatchObject({ problem: 'it did not answer in time', attempt: 1 });
    await scene.clock.advance(trouble.retryInMs);
    await scene.expectInStep(IS.c);
  });

  it('after the machine sleeps, abandons the dead long-poll and syncs at once', async () => {
    const scene = await signedInAlice();
    // What a socket that died during the sleep looks like: a request that never answers.
    scene.hs.stallNext(1, '/sync');
    scene.setIdentityServer(IS.b);
    await until('the stalled /sync is open', () => scene.hs.requestCount({ path: '/sync' }) >= 3);
    const syncs = scene.hs.requestCount({ path: '/sync' });
    scene.setIdentityServer(IS.c); // changed elsewhere while the laptop slept

    scene.clock.sleep(2 * 3_600_000);
    // Less than any deadline or backoff: only noticing the sleep can make it ask again now.
    await scene.clock.advance(5_000);
    await scene.expectInStep(IS.c);
    expect(scene.hs.requestCount({ path: '/sync' })).toBeGreaterThan(syncs);
    // Waking is not a failure: the indicator never left "connected".
    expect(scene.connection()).toEqual([{ state: 'connected' }]);
    expect(scene.identityUrls()).toEqual([null, IS.a, IS.b, IS.c]);
  });

  it('shares one backoff and one status between /sync and the m.identity_server read', async () => {
    const scene = await signedInAlice((server) => {
      server.failNext(1, { status: 500, path: 'account_data/m.identity_server' });
      server.failNext(1, { status: 500, path: '/sync' });
    });
    // The server's log fills in before the app has read the answers; the app's own log says
    // when each loop has taken its failure to the reconnector.
    await until('both loops failed', () =>
      ['sync failed', 'Could not read m.identity_server'].every((text) =>
        scene.app.log.lines.some((line) => line.includes(text)),
      ),
    );
    expect(failures(scene.hs)).toBe(2);
    // Barrier passed: both failures are in, and the second joined the first one's wait.
    const troubles = scene.connection().filter((s): s is Trouble => s.state !== 'connected');
    expect(troubles).toHaveLength(1);
    expect(troubles[0]).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect((await scene.app.identity()).source).toBe('pending');

    await scene.clock.advance(troubles[0]!.retryInMs);
    await scene.expectInStep(IS.a);
    expect(
      scene.connection().every((s) => s.state === 'connected' || s.attempt === 1),
      'one failure counted for both loops',
    ).toBe(true);
  });
});

function failures(server: Homeserver): number {
  return server.requests().filter((r) => r.status >= 500).length;
}
