import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/platform.js';
import { createManualClock } from '../../node-platform/manualClock.js';
import { createAuthenticatedFetch } from '../../../electron/core/session/authenticatedFetch.js';
import {
  refreshMarginMs,
  TokenRefresher,
  type RefreshAnswer,
} from '../../../electron/core/session/TokenRefresher.js';

const HS = 'http://127.0.0.1:1';

/** A homeserver in miniature: one valid access token at a time, single-use refresh tokens. */
function miniHomeserver() {
  let generation = 0;
  const state = {
    access: 'access-0',
    refresh: 'refresh-0',
    refreshCalls: 0,
    /** What a refused refresh says (Synapse says nothing: the device is gone). */
    refusalSaysSoft: undefined as boolean | undefined,
  };
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    const auth = new Headers(init?.headers).get('authorization');
    if (url.endsWith('/whoami')) {
      return auth === `Bearer ${state.access}`
        ? answer(200, { user_id: '@a:x' })
        : answer(401, { errcode: 'M_UNKNOWN_TOKEN', error: 'expired', soft_logout: true });
    }
    return answer(404, { errcode: 'M_UNRECOGNIZED' });
  };
  const refresh = async (token: string): Promise<RefreshAnswer> => {
    state.refreshCalls += 1;
    await new Promise((r) => setTimeout(r, 20));
    if (token !== state.refresh) {
      throw Object.assign(new Error('used'), {
        httpStatus: 401,
        data: { errcode: 'M_UNKNOWN_TOKEN', soft_logout: state.refusalSaysSoft },
      });
    }
    generation += 1;
    state.access = `access-${generation}`;
    state.refresh = `refresh-${generation}`;
    return { access_token: state.access, refresh_token: state.refresh, expires_in_ms: 600_000 };
  };
  const expire = () => {
    state.access = 'nobody-has-this';
  };
  return { fetch, refresh, expire, state };
}

function setUp(server: ReturnType<typeof miniHomeserver>, expiresAt: number | null = null) {
  const onLoggedOut = vi.fn();
  const onRefreshed = vi.fn();
  const refresher = new TokenRefresher(
    { accessToken: server.state.access, refreshToken: server.state.refresh, expiresAt },
    {
      clock: systemClock,
      request: server.refresh,
      onRefreshed,
      onRejected: () => {},
      rejection: (e) => {
        const refused = e as { httpStatus?: number; data?: { soft_logout?: unknown } };
        return refused.httpStatus === 401 ? { soft: refused.data?.soft_logout === true } : null;
      },
    },
  );
  const fetch = createAuthenticatedFetch({
    baseFetch: server.fetch,
    homeserverUrl: HS,
    refresher,
    onLoggedOut,
  });
  const whoami = () =>
    fetch(`${HS}/_matrix/client/v3/account/whoami`, { headers: { authorization: 'Bearer stale' } });
  return { refresher, fetch, whoami, onLoggedOut, onRefreshed };
}

describe('token refresh', () => {
  it('shares one refresh between concurrent requests that hit an expired token', async () => {
    const server = miniHomeserver();
    const { whoami, onLoggedOut, onRefreshed, refresher } = setUp(server);
    server.expire();
    const responses = await Promise.all(Array.from({ length: 8 }, whoami));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(server.state.refreshCalls).toBe(1);
    expect(onRefreshed).toHaveBeenCalledTimes(1);
    expect(onLoggedOut).not.toHaveBeenCalled();
    refresher.stop();
  });

  it('refreshes before sending when a restored token has expired', async () => {
    const server = miniHomeserver();
    const { whoami, refresher } = setUp(server, Date.now() - 1);
    const response = await whoami();
    expect(response.status).toBe(200);
    expect(server.state.refreshCalls).toBe(1);
    expect(refresher.accessToken).toBe('access-1');
    refresher.stop();
  });

  it('reports a hard logout when the refresh is refused without soft_logout, whatever the 401 said', async () => {
    const server = miniHomeserver();
    const { whoami, onLoggedOut, refresher } = setUp(server);
    server.expire(); // the request's 401 says soft_logout: true (an expired token)...
    server.state.refresh = 'revoked-elsewhere'; // ...but the device was signed out elsewhere
    const response = await whoami();
    expect(response.status).toBe(401);
    expect(onLoggedOut.mock.calls).toEqual([[false]]);
    refresher.stop();
  });

  it('reports a soft logout when the refusal of the refresh says soft_logout: true', async () => {
    const server = miniHomeserver();
    const { whoami, onLoggedOut, refresher } = setUp(server);
    server.expire();
    server.state.refresh = 'revoked-elsewhere';
    server.state.refusalSaysSoft = true;
    await whoami();
    expect(onLoggedOut.mock.calls).toEqual([[true]]);
    refresher.stop();
  });

  it('never sends the homeserver token to another origin', async () => {
    const seen: (string | null)[] = [];
    const refresher = new TokenRefresher(
      { accessToken: 'secret-hs-token', refreshToken: null, expiresAt: null },
      {
        clock: systemClock,
        request: vi.fn(),
        onRefreshed: vi.fn(),
        onRejected: vi.fn(),
        rejection: () => ({ soft: false }),
      },
    );
    const fetch = createAuthenticatedFetch({
      baseFetch: async (_input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return new Response('{}');
      },
      homeserverUrl: HS,
      refresher,
      onLoggedOut: vi.fn(),
    });
    await fetch('https://identity.example.org/_matrix/identity/v2/account', {
      headers: { authorization: 'Bearer is-token' },
    });
    expect(seen).toEqual(['Bearer is-token']);
  });
});

describe('when to refresh', () => {
  function refresherFor(lifetimeMs: number) {
    const clock = createManualClock({ start: 1_000_000 });
    const requests: number[] = [];
    const refresher = new TokenRefresher(
      { accessToken: 'a0', refreshToken: 'r0', expiresAt: clock.now() + lifetimeMs },
      {
        clock,
        request: async () => {
          requests.push(clock.now());
          return { access_token: `a${requests.length}`, expires_in_ms: lifetimeMs };
        },
        onRefreshed: vi.fn(),
        onRejected: vi.fn(),
        rejection: () => null,
      },
    );
    return { clock, refresher, requests };
  }

  it.each([
    [30_000, 7_500],
    [1_000, 250],
    [10 * 60_000, 60_000],
  ])('a %d ms token is refreshed %d ms before it expires', (lifetime, margin) => {
    expect(refreshMarginMs(lifetime)).toBe(margin);
  });

  it.each([1, 40, 1_000, 30_000, 240_000, 3_600_000])(
    'never refreshes a %d ms token more than once per half-lifetime',
    async (lifetime) => {
      const { clock, refresher, requests } = refresherFor(lifetime);
      await clock.advance(lifetime * 10);
      refresher.stop();
      expect(requests.length).toBeGreaterThanOrEqual(10);
      expect(requests.length).toBeLessThanOrEqual(20);
      for (let i = 1; i < requests.length; i++) {
        expect(requests[i]! - requests[i - 1]!).toBeGreaterThanOrEqual(lifetime / 2);
      }
    },
  );

  it('is not due right after a refresh, so requests do not refresh again', async () => {
    const { clock, refresher, requests } = refresherFor(30_000);
    await clock.advance(22_500);
    expect(requests).toHaveLength(1);
    expect(refresher.expiresSoon()).toBe(false);
    await clock.advance(22_499);
    expect(refresher.expiresSoon()).toBe(false);
    expect(requests).toHaveLength(1);
    refresher.stop();
  });
});

describe('after a refused refresh', () => {
  it('never sends the refused refresh token again, however many requests meet a 401', async () => {
    const server = miniHomeserver();
    const { whoami, onLoggedOut, refresher } = setUp(server, Date.now() - 1);
    server.expire();
    server.state.refresh = 'revoked-elsewhere';

    const responses = await Promise.all([whoami(), whoami()]);
    await whoami();

    expect(responses.map((r) => r.status)).toEqual([401, 401]);
    expect(server.state.refreshCalls).toBe(1);
    expect(refresher.canRefresh).toBe(false);
    // The first verdict is the refusal's (MatrixSession acts on the first one only).
    expect(onLoggedOut.mock.calls[0]).toEqual([false]);
    refresher.stop();
  });
});
