import { describe, expect, it } from 'vitest';
import { listenForSsoCallback } from '../../../electron/core/login/SsoLoopbackListener.js';

describe('SSO loopback listener', () => {
  it('listens on 127.0.0.1 under a random path and hands over exactly one token', async () => {
    const callback = await listenForSsoCallback(5_000);
    const url = new URL(callback.redirectUrl);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toMatch(/^\/sso\/[0-9a-f]{32}$/);

    const wrongState = await fetch(`${url.origin}/sso/${'0'.repeat(32)}?loginToken=forged`);
    expect(wrongState.status).toBe(404);

    const first = await fetch(`${callback.redirectUrl}?loginToken=tok-1`);
    expect(first.status).toBe(200);
    await expect(callback.token).resolves.toBe('tok-1');
    const second = await fetch(`${callback.redirectUrl}?loginToken=tok-2`).catch(() => null);
    expect(second?.status ?? 'closed').not.toBe(200);
  });

  it('gives up after its timeout with a message', async () => {
    const callback = await listenForSsoCallback(50);
    await expect(callback.token).rejects.toMatchObject({ code: 'SSO_TIMEOUT' });
    const late = await fetch(`${callback.redirectUrl}?loginToken=late`).catch(() => null);
    expect(late?.status ?? 'closed').not.toBe(200);
  });

  it('can be cancelled', async () => {
    const callback = await listenForSsoCallback(5_000);
    callback.cancel();
    await expect(callback.token).rejects.toMatchObject({ code: 'SSO_CANCELLED' });
  });
});
