import { describe, expect, it } from 'vitest';
import { listenForOAuthCallback } from '../../../../electron/core/login/oauth/oauthCallback.js';
import { createTestClock } from '../../../node-platform/testClock.js';

const ISSUER = 'https://auth.example.org/';

async function listen(issRequired = false) {
  const clock = createTestClock();
  const callback = await listenForOAuthCallback({
    state: 'good-state',
    issuer: ISSUER,
    issRequired,
    timeoutMs: 60_000,
    clock,
  });
  const hit = async (params: Record<string, string>) => {
    const url = new URL(callback.redirectUrl);
    url.search = new URLSearchParams(params).toString();
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  };
  return { callback, hit, clock };
}

describe('the OAuth loopback callback', () => {
  it('listens on 127.0.0.1 at /oauth/callback and takes the code of its own state, once', async () => {
    const { callback, hit } = await listen();
    expect(callback.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);

    expect((await hit({ state: 'other', code: 'forged' })).status).toBe(400);
    expect((await hit({ state: 'good-state', code: 'c1', iss: ISSUER })).status).toBe(200);

    await expect(callback.result).resolves.toBe('c1');
  });

  it('refuses an answer that names another issuer, and says so in the browser', async () => {
    const { callback, hit } = await listen();
    const page = await hit({ state: 'good-state', code: 'c1', iss: 'https://evil.example/' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('evil.example');
    await expect(callback.result).rejects.toMatchObject({ code: 'OAUTH_ISSUER_MISMATCH' });
  });

  it('requires iss when the server said it always sends it', async () => {
    const { callback, hit } = await listen(true);
    await hit({ state: 'good-state', code: 'c1' });
    await expect(callback.result).rejects.toMatchObject({ code: 'OAUTH_ISSUER_MISMATCH' });
  });

  it("reports the server's error, escaped in the page", async () => {
    const { callback, hit } = await listen();
    const page = await hit({
      state: 'good-state',
      error: 'invalid_scope',
      error_description: '<script>x</script>',
    });
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;');
    await expect(callback.result).rejects.toMatchObject({
      code: 'OAUTH_DENIED',
      message: expect.stringContaining('auth.example.org answered invalid_scope'),
    });
  });

  it('gives up on its clock', async () => {
    const { callback, clock } = await listen();
    await clock.advance(60_000);
    await expect(callback.result).rejects.toMatchObject({ code: 'OAUTH_TIMEOUT' });
  });
});
