import type { ValidatedAuthMetadata } from 'matrix-js-sdk';
import { hostOf } from '../../net/hostOf.js';
import type { SessionRecord, SessionSecrets } from '../../session/SessionVault.js';
import { UserFacingError } from '../../UserFacingError.js';
import {
  requireExpectedUser,
  type NewSession,
  type SignInContext,
} from '../methods/SignInMethod.js';
import { revokeTokens } from './revokeTokens.js';
import { whoami } from './whoami.js';

/** The token endpoint's answer, as both OAuth 2.0 grants (code, device) get it. */
export interface OAuthTokens {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * The end both OAuth 2.0 sign-ins share (authorization code, device grant): the tokens become a
 * session of the user the homeserver says they belong to (whoami: the token answer names no
 * user), on the device the app asked for in the scope; after a soft logout only the same user.
 * A session this sign-in does not keep is revoked where it was issued.
 */
export async function oauthNewSession(
  context: SignInContext,
  grant: {
    fetch: typeof globalThis.fetch;
    metadata: ValidatedAuthMetadata;
    clientId: string;
    deviceId: string;
    tokens: OAuthTokens;
  },
): Promise<NewSession> {
  const { platform, target, signal } = context;
  const { metadata, clientId, deviceId, tokens } = grant;
  const secrets: SessionSecrets = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt:
      typeof tokens.expires_in === 'number' && tokens.expires_in > 0
        ? platform.clock.now() + tokens.expires_in * 1000
        : null,
  };
  const discard = () => {
    revokeTokens(platform, metadata, clientId, secrets).catch((error: unknown) =>
      platform.log.warn('revoking an unused OAuth session failed', { error: String(error) }),
    );
  };
  try {
    const who = await whoami(grant.fetch, target.serverUrl, secrets.accessToken, signal);
    requireExpectedUser(target, who.userId);
    if (who.deviceId !== null && who.deviceId !== deviceId) {
      throw new UserFacingError(
        'OAUTH_WRONG_DEVICE',
        `${hostOf(target.serverUrl)} put the session on device ${who.deviceId}, not on ${deviceId} as asked.`,
      );
    }
    const record: SessionRecord = {
      userId: who.userId,
      deviceId,
      homeserverUrl: target.serverUrl,
      loginServerUrl: target.serverUrl,
      redirectRejected: null,
      identityDefaults: { login: null, discovery: target.identityDefault },
      loginFlows: target.flows,
      auth: {
        kind: 'oauth',
        issuer: metadata.issuer,
        clientId,
        accountManagement: metadata.account_management_uri
          ? {
              uri: metadata.account_management_uri,
              actions: metadata.account_management_actions_supported ?? [],
            }
          : null,
      },
    };
    return { record, secrets, discard };
  } catch (error) {
    discard();
    throw error;
  }
}
