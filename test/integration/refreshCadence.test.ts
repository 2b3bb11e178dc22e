/**
 * Defect 10 (issue 9): how often the app refreshes its access token, whatever lifetime the server
 * gives. Time is simulated: the app's clock and the fixture homeserver's Date move together, so a
 * token issued for 30 s expires for both after 30 simulated seconds. The fixture's request log
 * counts the /refresh requests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from '../fixtures/index.js';
import { createManualClock, type ManualClock } from '../node-platform/manualClock.js';
import { startCore, type CoreUnderTest } from './support.js';

let world: World | undefined;
let app: CoreUnderTest | undefined;
afterEach(async () => {
  await app?.close();
  await world?.close();
  app = world = undefined;
  vi.useRealTimers();
});

/**
 * The app's requests other than the parked /sync long-poll, so a test can wait until everything a
 * timer started has been answered (a barrier, not a sleep).
 */
function trackRequests() {
  let open = 0;
  const waiters: (() => void)[] = [];
  const wrap =
    (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
    async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/sync')) return fetch(input, init);
      open += 1;
      try {
        const response = await fetch(input, init);
        // Read the body here, so "answered" includes it; hand the app an identical copy.
        const body = await response.arrayBuffer();
        return new Response(body, response);
      } finally {
        open -= 1;
        if (open === 0) for (const wake of waiters.splice(0)) wake();
      }
    };
  const idle = async () => {
    for (let round = 0; round < 3; round++) {
      if (open > 0) await new Promise<void>((resolve) => waiters.push(resolve));
      // Let the answer's continuations (store the token, set the next timer) run.
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { wrap, idle };
}

async function signedInWithLifetime(lifetimeMs: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  const clock: ManualClock = createManualClock({ setSystemTime: (ms) => vi.setSystemTime(ms) });
  world = await startWorld({ identityServer: false });
  world.hs1.setAccessTokenLifetime(lifetimeMs);
  const requests = trackRequests();
  app = await startCore({ clock, wrapFetch: requests.wrap });
  await app.core.handlers.discover({ server: world.hs1.baseUrl });
  const state = await app.core.handlers.loginWithPassword({
    identifier: 'alice',
    password: 'alice-password',
  });
  expect(state).toMatchObject({ status: 'signedIn' });
  await requests.idle();
  world.hs1.resetRequests();
  /** Runs the app for `ms` of simulated time, in steps, waiting for each step's requests. */
  const run = async (ms: number, step = Math.max(1, Math.floor(lifetimeMs / 20))) => {
    for (let t = 0; t < ms; t += step) {
      await clock.advance(step);
      await requests.idle();
    }
  };
  return { run, hs: world.hs1, app };
}

describe('token refresh cadence', () => {
  it.each([
    { lifetimeMs: 30_000, periodMs: 5 * 60_000 },
    { lifetimeMs: 1_000, periodMs: 20_000 },
    { lifetimeMs: 10 * 60_000, periodMs: 60 * 60_000 },
  ])(
    'refreshes at most once per half-lifetime, and in time, with $lifetimeMs ms tokens',
    async ({ lifetimeMs, periodMs }) => {
      const { run, hs, app } = await signedInWithLifetime(lifetimeMs);

      await run(periodMs);

      const refreshes = hs.requests({ path: '/refresh' });
      // Never more often than once per half-lifetime...
      expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(periodMs / (lifetimeMs / 2)));
      // ...and yet often enough that the token never lapsed: one per lifetime at least.
      expect(refreshes.length).toBeGreaterThanOrEqual(Math.floor(periodMs / lifetimeMs));
      expect(refreshes.every((r) => r.status === 200)).toBe(true);
      for (let i = 1; i < refreshes.length; i++) {
        expect(refreshes[i]!.time - refreshes[i - 1]!.time).toBeGreaterThanOrEqual(lifetimeMs / 2);
      }
      // No request met an expired token on the way.
      expect(hs.requests().filter((r) => r.status === 401)).toEqual([]);
      expect(await app.session()).toMatchObject({ status: 'signedIn' });
    },
  );
});
