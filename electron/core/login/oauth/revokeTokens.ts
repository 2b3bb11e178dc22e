import { OAuth2, type ValidatedAuthMetadata } from 'matrix-js-sdk';
import { withPlatformFetch } from '../../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../../net/sdkLogger.js';
import type { Platform } from '../../platform.js';

/**
 * Revokes an OAuth 2.0 session's tokens at its authorization server (RFC 7009), both of them:
 * under OAuth that is how a session ends (there is no /logout). Rejects if either revocation
 * failed.
 */
export async function revokeTokens(
  platform: Platform,
  metadata: ValidatedAuthMetadata,
  clientId: string,
  tokens: { accessToken: string; refreshToken: string | null },
): Promise<void> {
  const oauth = new OAuth2(metadata, { clientId }, createSdkLogger(platform.log, 'oauth:revoke'));
  await withPlatformFetch(platform.fetch, () =>
    Promise.all([
      oauth.revokeToken(tokens.accessToken, 'access_token'),
      tokens.refreshToken === null
        ? Promise.resolve()
        : oauth.revokeToken(tokens.refreshToken, 'refresh_token'),
    ]),
  );
}
