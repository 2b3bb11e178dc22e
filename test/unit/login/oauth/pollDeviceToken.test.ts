import { describe, expect, it } from 'vitest';
import { pollDeviceToken } from '../../../../electron/core/login/oauth/pollDeviceToken.js';
import { createTestClock } from '../../../node-platform/testClock.js';

const TOKEN_ENDPOINT = 'https://auth.example.org/token';

/** A token endpoint that answers from a script, one entry per request, and logs each request. */
function scriptedTokenEndpoint(answers: { status: number; body: unknown }[]) {
  const requests: { at: number; form: URLSearchParams }[] = [];
  let now = () => 0;
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    expect(String(url)).toBe(TOKEN_ENDPOINT);
    requests.push({ at: now(), form: new URLSearchParams(init?.body as URLSearchParams) });
    const answer = answers.shift() ?? { status: 400, body: { error: 'authorization_pending' } };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests, useClock: (clock: { now(): number }) => (now = () => clock.now()) };
}

function start(answers: { status: number; body: unknown }[], lifetimeMs = 60_000) {
  const clock = createTestClock(1_000_000);
  const endpoint = scriptedTokenEndpoint(answers);
  endpoint.useClock(clock);
  const abort = new AbortController();
  const outcome = pollDeviceToken({
    fetch: endpoint.fetch,
    clock,
    tokenEndpoint: TOKEN_ENDPOINT,
    clientId: 'client-1',
    deviceCode: 'device-code-1',
    intervalMs: 5_000,
    expiresAt: clock.now() + lifetimeMs,
    issuer: 'https://auth.example.org/',
    signal: abort.signal,
  });
  outcome.catch(() => undefined);
  return { clock, requests: endpoint.requests, outcome, abort };
}

const pending = { status: 400, body: { error: 'authorization_pending' } };
const tokens = {
  status: 200,
  body: { access_token: 'at', refresh_token: 'rt', token_type: 'Bearer', expires_in: 300 },
};

describe('polling for the device grant', () => {
  it("asks at the server's interval until the user approves, with the device code", async () => {
    const { clock, requests, outcome } = start([pending, pending, tokens]);
    await clock.advance(4_999);
    expect(requests).toHaveLength(0);
    await clock.advance(1);
    expect(requests.map((r) => r.at - 1_000_000)).toEqual([5_000]);
    await clock.advance(10_000);
    await expect(outcome).resolves.toMatchObject({ access_token: 'at', refresh_token: 'rt' });
    expect(requests.map((r) => r.at - 1_000_000)).toEqual([5_000, 10_000, 15_000]);
    expect(Object.fromEntries(requests[0]!.form)).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: 'device-code-1',
      client_id: 'client-1',
    });
  });

  it('waits 5 s longer after slow_down', async () => {
    const { clock, requests } = start([{ status: 400, body: { error: 'slow_down' } }, pending]);
    await clock.advance(5_000);
    await clock.advance(9_999);
    expect(requests).toHaveLength(1);
    await clock.advance(1);
    expect(requests).toHaveLength(2);
  });

  it('a denial is an error naming the server', async () => {
    const { clock, outcome } = start([{ status: 400, body: { error: 'access_denied' } }]);
    await clock.advance(5_000);
    await expect(outcome).rejects.toMatchObject({
      code: 'DEVICE_GRANT_DENIED',
      message: expect.stringContaining('auth.example.org'),
    });
  });

  it("the server's expired_token is an expiry error", async () => {
    const { clock, outcome } = start([{ status: 400, body: { error: 'expired_token' } }]);
    await clock.advance(5_000);
    await expect(outcome).rejects.toMatchObject({ code: 'DEVICE_GRANT_EXPIRED' });
  });

  it('stops when the code runs out, without asking again', async () => {
    const { clock, requests, outcome } = start([], 12_000);
    await clock.advance(12_000);
    await expect(outcome).rejects.toMatchObject({
      code: 'DEVICE_GRANT_EXPIRED',
      message: expect.stringContaining('auth.example.org'),
    });
    expect(requests).toHaveLength(2);
  });

  it('cancelling stops at once and sends nothing more', async () => {
    const { clock, requests, outcome, abort } = start([]);
    await clock.advance(5_000);
    abort.abort(new Error('cancelled by the user'));
    await expect(outcome).rejects.toThrow('cancelled by the user');
    await clock.advance(60_000);
    expect(requests).toHaveLength(1);
  });

  it('an answer of the wrong shape is a clear error, not a wait for ever', async () => {
    const { clock, outcome } = start([{ status: 200, body: { access_token: 7 } }]);
    await clock.advance(5_000);
    await expect(outcome).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
