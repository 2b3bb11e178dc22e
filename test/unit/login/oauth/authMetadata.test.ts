import { describe, expect, it } from 'vitest';
import {
  checkAuthMetadata,
  readAuthMetadata,
} from '../../../../electron/core/login/oauth/authMetadata.js';
import { UserFacingError } from '../../../../electron/core/UserFacingError.js';
import { authMetadataFor, routeFetch } from './authMetadataFixture.js';

const HS = 'https://matrix.example.org';
const AS = 'https://auth.example.org';

describe('reading auth_metadata', () => {
  it('answers the validated metadata of a server that publishes it', async () => {
    const fetch = routeFetch({ '/_matrix/client/v1/auth_metadata': { body: authMetadataFor(AS) } });
    const metadata = await readAuthMetadata(fetch, HS);
    expect(metadata?.issuer).toBe(AS);
    expect(fetch.urls).toEqual([`${HS}/_matrix/client/v1/auth_metadata`]);
  });

  it('answers null for a server without the OAuth 2.0 API (404 M_UNRECOGNIZED)', async () => {
    expect(await readAuthMetadata(routeFetch({}), HS)).toBeNull();
  });

  it('names the server when the metadata lacks what the spec requires', async () => {
    const fetch = routeFetch({
      '/_matrix/client/v1/auth_metadata': {
        body: authMetadataFor(AS, { code_challenge_methods_supported: ['plain'] }),
      },
    });
    const error = await readAuthMetadata(fetch, HS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe('OAUTH_METADATA_INVALID');
    expect((error as UserFacingError).message).toContain('matrix.example.org');
  });
});

describe('the URL policy on every endpoint', () => {
  it.each([
    ['token_endpoint', 'http://auth.example.org/token', /unencrypted http/],
    ['authorization_endpoint', 'javascript:alert(1)', /javascript:/],
    ['registration_endpoint', 'https://user:pw@auth.example.org/reg', /user name or password/],
    ['issuer', 'file:///etc/passwd', /file:/],
    ['device_authorization_endpoint', 'http://evil.example/device', /unencrypted http/],
  ])('refuses metadata whose %s is %s', (key, url, reason) => {
    const body = authMetadataFor(AS, { [key]: url });
    expect(() => checkAuthMetadata(body, HS)).toThrow(reason);
  });

  it('accepts an authorization server on loopback over http (tests, local setups)', () => {
    const local = 'http://127.0.0.1:8080';
    expect(checkAuthMetadata(authMetadataFor(local), HS).token_endpoint).toBe(`${local}/token`);
  });

  it('accepts an account-management URL with a query string', () => {
    const body = authMetadataFor(AS, { account_management_uri: `${AS}/account?ui=1` });
    expect(checkAuthMetadata(body, HS).account_management_uri).toBe(`${AS}/account?ui=1`);
  });
});
