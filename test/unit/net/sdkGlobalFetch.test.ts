import { OAuth2 } from 'matrix-js-sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAuthMetadata } from '../../../electron/core/login/oauth/authMetadata.js';
import { withPlatformFetch } from '../../../electron/core/net/sdkGlobalFetch.js';
import { authMetadataFor } from '../login/oauth/authMetadataFixture.js';

const AS = 'https://auth.example.org';
const metadata = checkAuthMetadata(authMetadataFor(AS), 'https://matrix.example.org');

/** A fetch that records the URLs it was asked for and answers a registration. */
function recorder() {
  const urls: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return new Response(JSON.stringify({ client_id: 'abc' }), {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, urls };
}

const register = () =>
  OAuth2.registerClient(metadata, {
    client_uri: 'https://app.example/',
    application_type: 'native',
    redirect_uris: ['http://127.0.0.1/callback'],
  });

describe("the SDK's OAuth requests", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('go through the platform fetch inside withPlatformFetch, and only there', async () => {
    // What globalThis.fetch was before the app installed its router: used outside the scope.
    const outside = recorder();
    vi.stubGlobal('fetch', outside.fetch);
    const platform = recorder();

    const clientId = await withPlatformFetch(platform.fetch, register);

    expect(clientId).toBe('abc');
    expect(platform.urls).toEqual([`${AS}/reg`]);
    expect(outside.urls).toEqual([]);
  });

  it('keep each scope apart when two run at once', async () => {
    const a = recorder();
    const b = recorder();
    await Promise.all([withPlatformFetch(a.fetch, register), withPlatformFetch(b.fetch, register)]);
    expect(a.urls).toHaveLength(1);
    expect(b.urls).toHaveLength(1);
  });
});

describe('a platform fetch built on globalThis.fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reaches the original fetch, not the router again', async () => {
    const outside = recorder();
    vi.stubGlobal('fetch', outside.fetch);
    // As Node's platform does: it calls whatever globalThis.fetch is at call time.
    const platformFetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init);

    await withPlatformFetch(platformFetch, register);

    expect(outside.urls).toEqual([`${AS}/reg`]);
  });
});
