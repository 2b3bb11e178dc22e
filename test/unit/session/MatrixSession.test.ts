/**
 * The session object against a homeserver in miniature (a fetch function): how it refreshes,
 * how it reports the end the server chose, how sign-out is bounded. Time is a manual clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOGOUT_TIMEOUT_MS, MatrixSession } from '../../../electron/core/session/MatrixSession.js';
import { SessionVault, type SessionRecord } from '../../../electron/core/session/SessionVault.js';
import { createManualClock } from '../../node-platform/manualClock.js';
import { createMemoryPlatform } from '../identity/memoryPlatform.js';

const HS = 'https://matrix.example.org';
const LIFETIME_MS = 30_000;

const RECORD: SessionRecord = {
  userId: '@alice:example.org',
  deviceId: 'DEVICE',
  homeserverUrl: HS,
  loginServerUrl: HS,
  redirectRejected: null,
  identityDefaults: { login: null, discovery: null },
  loginFlows: null,
  auth: { kind: 'legacy' },
};

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
}

/**
 * One device, single-use refresh tokens. `onlyV1Refresh` plays Synapse before 1.72, which
 * serves /refresh only under /v1; `refusal` is the body of a refused refresh.
 */
function miniHomeserver(options: { onlyV1Refresh?: boolean } = {}) {
  const state = {
    access: 'access-0',
    refresh: 'refresh-0',
    generation: 0,
    refusal: { errcode: 'M_UNKNOWN_TOKEN', error: 'gone' } as Record<string, unknown>,
    deviceGone: false,
  };
  const seen: Seen[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const authorization = new Headers(init?.headers).get('authorization');
    seen.push({ method: init?.method ?? 'GET', path: url.pathname, authorization });
    const body =
      typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    if (url.pathname === '/_matrix/client/v3/refresh' && options.onlyV1Refresh) {
      return json(404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    }
    switch (url.pathname) {
      case '/_matrix/client/v3/refresh':
      case '/_matrix/client/v1/refresh': {
        if (state.deviceGone || body.refresh_token !== state.refresh)
          return json(401, state.refusal);
        state.generation += 1;
        state.access = `access-${state.generation}`;
        state.refresh = `refresh-${state.generation}`;
        return json(200, {
          access_token: state.access,
          refresh_token: state.refresh,
          expires_in_ms: LIFETIME_MS,
        });
      }
      case '/_matrix/client/v3/account/whoami':
        if (authorization === `Bearer ${state.access}` && !state.deviceGone) {
          return json(200, { user_id: RECORD.userId });
        }
        return json(401, {
          errcode: 'M_UNKNOWN_TOKEN',
          soft_logout: !state.deviceGone,
        });
      case '/_matrix/client/v3/logout':
        // A server that never answers: only the abort ends the wait.
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        });
      default:
        return json(404, { errcode: 'M_UNRECOGNIZED' });
    }
  };
  return { fetch, state, seen };
}

function setUp(server: ReturnType<typeof miniHomeserver>, expiresInMs = LIFETIME_MS) {
  const clock = createManualClock({ start: 1_000_000 });
  const platform = { ...createMemoryPlatform({ fetch: server.fetch }), clock };
  const vault = new SessionVault(platform);
  const onLoggedOut = vi.fn();
  const session = new MatrixSession(
    platform,
    RECORD,
    { accessToken: 'access-0', refreshToken: 'refresh-0', expiresAt: clock.now() + expiresInMs },
    vault,
    onLoggedOut,
  );
  sessions.push(session);
  return { clock, vault, onLoggedOut, session };
}

const sessions: MatrixSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
});

describe('MatrixSession refresh', () => {
  it('refreshes ahead of expiry, stores the new tokens and uses them', async () => {
    const server = miniHomeserver();
    const { clock, vault, session } = setUp(server);

    await clock.advance(LIFETIME_MS);

    expect(server.state.generation).toBe(1);
    expect(vault.loadSecrets()).toMatchObject({
      kind: 'ok',
      secrets: { accessToken: 'access-1', refreshToken: 'refresh-1' },
    });
    await session.client.whoami();
    expect(server.seen.at(-1)).toMatchObject({ authorization: 'Bearer access-1' });
  });

  it('sends /refresh without the access token', async () => {
    const server = miniHomeserver();
    const { clock } = setUp(server);

    await clock.advance(LIFETIME_MS);

    const refreshes = server.seen.filter((r) => r.path.endsWith('/refresh'));
    expect(refreshes).toEqual([
      { method: 'POST', path: '/_matrix/client/v3/refresh', authorization: null },
    ]);
  });

  it('asks for /v3/refresh once only where the server serves /v1 alone (Synapse < 1.72)', async () => {
    const server = miniHomeserver({ onlyV1Refresh: true });
    const { clock, onLoggedOut } = setUp(server);

    await clock.advance(LIFETIME_MS * 3);

    expect(server.state.generation).toBeGreaterThanOrEqual(3);
    const paths = server.seen.filter((r) => r.path.endsWith('/refresh')).map((r) => r.path);
    expect(paths.filter((p) => p.includes('/v3/'))).toHaveLength(1);
    expect(paths.filter((p) => p.includes('/v1/'))).toHaveLength(server.state.generation);
    expect(onLoggedOut).not.toHaveBeenCalled();
  });
});

describe('MatrixSession end', () => {
  it('a refused refresh without soft_logout ends the session as hard (device gone)', async () => {
    const server = miniHomeserver();
    const { clock, onLoggedOut } = setUp(server);
    server.state.deviceGone = true;

    await clock.advance(LIFETIME_MS);

    expect(onLoggedOut.mock.calls).toEqual([[false]]);
  });

  it('a refused refresh that says soft_logout: true ends it as soft (device kept)', async () => {
    const server = miniHomeserver();
    const { clock, onLoggedOut } = setUp(server);
    server.state.refresh = 'revoked';
    server.state.refusal = { errcode: 'M_UNKNOWN_TOKEN', error: 'expired', soft_logout: true };

    await clock.advance(LIFETIME_MS);

    expect(onLoggedOut.mock.calls).toEqual([[true]]);
  });

  it('a request refused for a gone device reports one hard logout, and no more refreshes', async () => {
    const server = miniHomeserver();
    const { clock, onLoggedOut, session } = setUp(server);
    server.state.deviceGone = true;

    await expect(session.client.whoami()).rejects.toMatchObject({ errcode: 'M_UNKNOWN_TOKEN' });
    await clock.advance(LIFETIME_MS * 4);

    expect(onLoggedOut.mock.calls).toEqual([[false]]);
    expect(server.seen.filter((r) => r.path.endsWith('/refresh'))).toHaveLength(1);
  });
});

describe('MatrixSession logout', () => {
  it('stops waiting for /logout after LOGOUT_TIMEOUT_MS on the platform clock', async () => {
    const server = miniHomeserver();
    const { clock, session, onLoggedOut } = setUp(server, 3_600_000);
    let outcome: unknown = 'pending';
    const logout = session.logout().then(
      () => (outcome = 'told'),
      (error: unknown) => (outcome = error),
    );

    await clock.advance(LOGOUT_TIMEOUT_MS - 1);
    expect(outcome).toBe('pending');
    await clock.advance(1);
    await logout;

    expect(outcome).toMatchObject({ name: expect.stringMatching(/^(AbortError|TimeoutError)$/) });
    expect(server.seen.filter((r) => r.path.endsWith('/logout'))).toHaveLength(1);
    expect(onLoggedOut).not.toHaveBeenCalled();
  });
});
