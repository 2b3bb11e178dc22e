import {
  createClient,
  HttpApiEvent,
  type ICreateClientOpts,
  type MatrixClient,
  type ValidatedAuthMetadata,
} from 'matrix-js-sdk';
import { readAuthMetadata } from '../login/oauth/authMetadata.js';
import { withPlatformFetch } from '../net/sdkGlobalFetch.js';
import type { Platform } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import type { SessionRecord, SessionSecrets, SessionVault } from './SessionVault.js';

type OAuthAuth = Extract<SessionRecord['auth'], { kind: 'oauth' }>;

/**
 * The matrix-js-sdk client of an OAuth 2.0 session. The SDK's own OAuth session support does the
 * token work (spec "refresh token grant"): it refreshes at the authorization server when the
 * homeserver answers M_UNKNOWN_TOKEN, hands us the rotated tokens (sealed at once, before any
 * request uses them) and revokes both on logout. Our /refresh refresher is not used: it speaks
 * the legacy API, which the spec forbids mixing with OAuth.
 *
 * Every authenticated request runs inside withPlatformFetch, so the refreshes it triggers (the
 * SDK's OAuth2 calls globalThis.fetch) go through the platform fetch like everything else.
 * The server ending the session reaches `onLoggedOut` once, always soft: under OAuth the device
 * id is the app's (requested in the scope), so signing in again at the issuer resumes the same
 * device.
 */
export function createOAuthSessionClient(options: {
  platform: Platform;
  record: SessionRecord;
  auth: OAuthAuth;
  secrets: SessionSecrets;
  vault: SessionVault;
  base: ICreateClientOpts;
  onLoggedOut: () => void;
}): MatrixClient {
  const { platform, record, auth, vault } = options;
  let secrets = options.secrets;
  let metadata: Promise<ValidatedAuthMetadata> | null = null;
  const authMetadata = () => {
    metadata ??= readAuthMetadata(platform.fetch, record.homeserverUrl).then((found) => {
      if (found) return found;
      throw new UserFacingError(
        'NO_OAUTH',
        `${record.homeserverUrl} no longer publishes its OAuth 2.0 details.`,
      );
    });
    // A failed read is tried again next time, not remembered.
    metadata.catch(() => (metadata = null));
    return metadata;
  };
  const client = createClient({
    ...options.base,
    // The session's fetch when it gives one (its /sync requests are kept on the reconnect loop).
    fetchFn: options.base.fetchFn ?? platform.fetch,
    ...(secrets.refreshToken !== null ? { refreshToken: secrets.refreshToken } : {}),
    oauthClientId: auth.clientId,
    onTokenRefresh: (tokens) => {
      secrets = {
        accessToken: tokens.accessToken,
        // RFC 6749 §6: a server that sends no new refresh token keeps the old one valid.
        refreshToken: tokens.refreshToken ?? secrets.refreshToken,
        expiresAt: tokens.expiry ? tokens.expiry.getTime() : null,
      };
      vault.saveSecrets(secrets);
    },
  });
  const http = client.http;
  // The SDK would read the metadata itself (client.getAuthMetadata), without our URL policy on
  // its endpoints: the token refresher discovers it through ours instead.
  http.opts.authMetadataCallback = authMetadata;
  const authedRequest = http.authedRequest.bind(http);
  http.authedRequest = ((...args: Parameters<typeof authedRequest>) =>
    withPlatformFetch(platform.fetch, () => authedRequest(...args))) as typeof http.authedRequest;
  client.on(HttpApiEvent.SessionLoggedOut, () => options.onLoggedOut());
  return client;
}
