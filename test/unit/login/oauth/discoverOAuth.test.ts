import { describe, expect, it } from 'vitest';
import { discoverServer } from '../../../../electron/core/login/discoverServer.js';
import { authMetadataFor, routeFetch } from './authMetadataFixture.js';

const HS = 'https://matrix.example.org';
const AS = 'https://auth.example.org';
const versions = { '/_matrix/client/versions': { body: { versions: ['v1.11', 'v1.15'] } } };
const metadata = (extra: Record<string, unknown> = {}) => ({
  '/_matrix/client/v1/auth_metadata': { body: authMetadataFor(AS, extra) },
});
const login = (flows: unknown[]) => ({ '/_matrix/client/v3/login': { body: { flows } } });
const discover = (routes: Parameters<typeof routeFetch>[0]) =>
  discoverServer(routeFetch({ ...versions, ...routes }), HS);

describe('discovery of OAuth 2.0 (auth_metadata)', () => {
  it('an OAuth-only server (no /login): OAuth, preferred', async () => {
    const { flows } = await discover(metadata());
    expect(flows).toEqual({
      password: false,
      sso: [],
      oauth: { issuer: AS, deviceGrant: false },
      preferOAuth: true,
    });
  });

  it('says whether the device grant is offered', async () => {
    const { flows } = await discover(
      metadata({
        device_authorization_endpoint: `${AS}/device`,
        grant_types_supported: [
          'authorization_code',
          'refresh_token',
          'urn:ietf:params:oauth:grant-type:device_code',
        ],
      }),
    );
    expect(flows.oauth).toEqual({ issuer: AS, deviceGrant: true });
  });

  it('MSC3824: SSO marked oauth_aware_preferred next to OAuth prefers OAuth', async () => {
    const { flows } = await discover({
      ...metadata(),
      ...login([
        { type: 'm.login.password' },
        { type: 'm.login.sso', oauth_aware_preferred: true },
      ]),
    });
    expect(flows.password).toBe(true);
    expect(flows.oauth?.issuer).toBe(AS);
    expect(flows.preferOAuth).toBe(true);
  });

  it('a server with both and no MSC3824 mark keeps the legacy methods first', async () => {
    const { flows } = await discover({ ...metadata(), ...login([{ type: 'm.login.password' }]) });
    expect(flows.oauth?.issuer).toBe(AS);
    expect(flows.preferOAuth).toBe(false);
  });

  it('a legacy server: no OAuth', async () => {
    const { flows } = await discover(login([{ type: 'm.login.password' }]));
    expect(flows).toMatchObject({ password: true, oauth: null, preferOAuth: false });
  });

  it('unusable metadata next to a password flow: legacy only', async () => {
    const { flows } = await discover({
      ...metadata({ token_endpoint: 'http://auth.example.org/token' }),
      ...login([{ type: 'm.login.password' }]),
    });
    expect(flows).toMatchObject({ password: true, oauth: null, preferOAuth: false });
  });

  it('unusable metadata and nothing else: an error naming the server and the endpoint', async () => {
    await expect(
      discover(metadata({ token_endpoint: 'http://auth.example.org/token' })),
    ).rejects.toThrow(/matrix\.example\.org .*token_endpoint .*unencrypted http/);
  });
});
