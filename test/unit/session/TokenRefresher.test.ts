import { describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/core/platform.js';
import { createAuthenticatedFetch } from '../../../electron/core/session/authenticatedFetch.js';
import {
  TokenRefresher,
  type RefreshAnswer,
} from '../../../electron/core/session/TokenRefresher.js';

const HS = 'http://127.0.0.1:1';

/** A homeserver in miniature: one valid access token at a time, single-use refresh tokens. */
function miniHomeserver() {
  let generation = 0;
  const state = { access: 'access-0', refresh: 'refresh-0', refreshCalls: 0 };
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
    if (token !== state.refresh) throw Object.assign(new Error('used'), { httpStatus: 401 });
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
      isRejection: (e) => (e as { httpStatus?: number }).httpStatus === 401,
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

  it('refreshes before sending when the token is about to expire', async () => {
    const server = miniHomeserver();
    const { whoami, refresher } = setUp(server, Date.now() + 1_000);
    const response = await whoami();
    expect(response.status).toBe(200);
    expect(server.state.refreshCalls).toBe(1);
    expect(refresher.accessToken).toBe('access-1');
    refresher.stop();
  });

  it('reports a soft logout when the refresh token is refused', async () => {
    const server = miniHomeserver();
    const { whoami, onLoggedOut, refresher } = setUp(server);
    server.expire();
    server.state.refresh = 'revoked-elsewhere';
    const response = await whoami();
    expect(response.status).toBe(401);
    expect(onLoggedOut).toHaveBeenCalledWith(true);
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
        isRejection: () => true,
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
