/**
 * Where discovery looks for a server name's .well-known: on the hostname, port dropped, as the
 * spec's "Well-known URIs" steps 1–3 say.
 */
import { describe, expect, it } from 'vitest';
import { discoverServer } from '../../../electron/core/login/discoverServer.js';
import { wellKnownUrl } from '../../../electron/core/login/fetchWellKnown.js';
import { describeOAuthError } from '../../../electron/core/login/oauth/describeOAuthError.js';

/** Answers by URL (without query) and records every URL asked for. */
function recordingFetch(answers: Record<string, () => Response>) {
  const urls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    urls.push(url.href);
    const answer = answers[`${url.origin}${url.pathname}`];
    return answer ? answer() : Response.json({ errcode: 'M_UNRECOGNIZED' }, { status: 404 });
  };
  return { fetch, urls };
}

/** What Node's fetch throws for a certificate signed by an authority it does not know. */
function untrustedCertificate(): never {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    }),
  });
}

const versions = () => Response.json({ versions: ['v1.11'] });
const flows = () => Response.json({ flows: [{ type: 'm.login.password' }] });

describe('.well-known discovery of a server name', () => {
  it('fetches the .well-known from the hostname, without the port', async () => {
    const { fetch, urls } = recordingFetch({
      'https://example.org/.well-known/matrix/client': () =>
        Response.json({ 'm.homeserver': { base_url: 'https://matrix.example.org' } }),
      'https://matrix.example.org/_matrix/client/versions': versions,
      'https://matrix.example.org/_matrix/client/v3/login': flows,
    });
    const discovery = await discoverServer(fetch, 'example.org:8448');
    expect(urls[0]).toBe('https://example.org/.well-known/matrix/client');
    expect(urls).not.toContain('https://example.org:8448/.well-known/matrix/client');
    expect(discovery.homeserverUrl).toBe('https://matrix.example.org');
  });

  it('without a .well-known (404) uses the server name itself, port included', async () => {
    const { fetch, urls } = recordingFetch({
      'https://example.org:8448/_matrix/client/versions': versions,
      'https://example.org:8448/_matrix/client/v3/login': flows,
    });
    const discovery = await discoverServer(fetch, 'example.org:8448');
    expect(urls[0]).toBe('https://example.org/.well-known/matrix/client');
    expect(discovery.homeserverUrl).toBe('https://example.org:8448');
  });

  it.each([
    ['example.org', 'https://example.org/.well-known/matrix/client'],
    ['example.org:443', 'https://example.org/.well-known/matrix/client'],
    ['127.0.0.1:8008', 'https://127.0.0.1/.well-known/matrix/client'],
    ['[::1]:8448', 'https://[::1]/.well-known/matrix/client'],
    ['EXAMPLE.org:8448', 'https://example.org/.well-known/matrix/client'],
  ])('%s → %s', (name, url) => {
    expect(wellKnownUrl(name)).toBe(url);
  });
});

describe('a certificate failure names the host whose certificate it was', () => {
  // The sign-in screen's "Review certificate authority…" checks error.server: before, a
  // .well-known's certificate failure was a plain DISCOVERY_FAILED (no offer), and for a
  // homeserver named by a .well-known the offer checked the name the user typed.
  it("the .well-known's own host", async () => {
    const { fetch } = recordingFetch({
      'https://example.org/.well-known/matrix/client': untrustedCertificate,
    });
    await expect(discoverServer(fetch, 'example.org:8448')).rejects.toMatchObject({
      code: 'TLS_UNTRUSTED',
      server: 'https://example.org',
      message: expect.stringMatching(
        /^Could not discover example\.org:8448: its TLS certificate is not trusted/,
      ) as unknown,
    });
  });

  it('the homeserver a .well-known names', async () => {
    const { fetch } = recordingFetch({
      'https://example.org/.well-known/matrix/client': () =>
        Response.json({ 'm.homeserver': { base_url: 'https://matrix.example.org:8448/' } }),
      'https://matrix.example.org:8448/_matrix/client/versions': untrustedCertificate,
    });
    const error = await discoverServer(fetch, 'example.org').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TLS_UNTRUSTED',
      server: 'https://matrix.example.org:8448',
    });
    expect((error as { toUserError(): unknown }).toUserError()).toMatchObject({
      server: 'https://matrix.example.org:8448',
    });
  });

  it('an OAuth 2.0 server', () => {
    const error = (() => {
      try {
        untrustedCertificate();
      } catch (e) {
        return describeOAuthError(e, 'https://auth.example.org/', 'the sign-in');
      }
    })();
    expect(error).toMatchObject({ code: 'TLS_UNTRUSTED', server: 'https://auth.example.org' });
  });
});
