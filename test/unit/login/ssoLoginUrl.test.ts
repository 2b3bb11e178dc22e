import { describe, expect, it } from 'vitest';
import type { LoginFlows } from '../../../electron/ipc/contract.js';
import { ssoLoginUrl } from '../../../electron/core/login/ssoLoginUrl.js';

const noNetwork: typeof globalThis.fetch = () => Promise.reject(new Error('no request expected'));
const REDIRECT = 'http://127.0.0.1:4567/sso/state';

const urlFor = (providerId: string | null, flows: LoginFlows | null) =>
  ssoLoginUrl({
    serverUrl: 'https://matrix.example',
    fetch: noNetwork,
    redirectUrl: REDIRECT,
    providerId,
    flows,
  });

const offering = (...ids: (string | null)[]): LoginFlows => ({
  password: true,
  sso: ids.map((id) => ({ id, name: id ?? 'single sign-on' })),
  oauth: null,
  preferOAuth: false,
});

describe('ssoLoginUrl', () => {
  it('builds the redirect URL for an offered provider, the id as one encoded segment', () => {
    const url = new URL(urlFor('corp/eu west', offering('corp/eu west')));
    expect(url.origin).toBe('https://matrix.example');
    expect(url.pathname).toBe('/_matrix/client/v3/login/sso/redirect/corp%2Feu%20west');
    expect(url.searchParams.get('redirectUrl')).toBe(REDIRECT);
  });

  it('builds the generic redirect URL when no provider is chosen', () => {
    expect(new URL(urlFor(null, offering(null))).pathname).toBe(
      '/_matrix/client/v3/login/sso/redirect',
    );
  });

  it.each([
    ['an id the server did not list', 'evil', offering('corp')],
    ['a dot segment even if listed', '..', offering('..')],
    ['any id when the methods are unknown (old record)', 'corp', null],
  ])('refuses %s', (_name, id, flows) => {
    expect(() => urlFor(id, flows)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_SSO_PROVIDER' }),
    );
  });

  it('refuses single sign-on on a server that offers none', () => {
    expect(() =>
      urlFor(null, { password: true, sso: [], oauth: null, preferOAuth: false }),
    ).toThrow(
      expect.objectContaining({
        code: 'SSO_NOT_OFFERED',
        message: expect.stringMatching(/matrix\.example/),
      }),
    );
  });
});
