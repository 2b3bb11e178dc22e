import { randomBytes } from 'node:crypto';
import { generateScope, OAuth2 } from 'matrix-js-sdk';
import { abortableFetch } from '../../net/abortableFetch.js';
import { hostOf } from '../../net/describeRequestError.js';
import { withPlatformFetch } from '../../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../../net/sdkLogger.js';
import type { SessionRecord, SessionSecrets } from '../../session/SessionVault.js';
import { UserFacingError } from '../../UserFacingError.js';
import { readAuthMetadata } from '../oauth/authMetadata.js';
import type { ClientRegistrations } from '../oauth/clientRegistrations.js';
import { generateDeviceId } from '../oauth/deviceId.js';
import { describeOAuthError } from '../oauth/describeOAuthError.js';
import { listenForOAuthCallback } from '../oauth/oauthCallback.js';
import { revokeTokens } from '../oauth/revokeTokens.js';
import { whoami } from '../oauth/whoami.js';
import {
  requireExpectedUser,
  type NewSession,
  type SignInContext,
  type SignInMethod,
} from './SignInMethod.js';

/** How long the app waits for the browser to come back from the authorization server. */
export const OAUTH_TIMEOUT_MS = 5 * 60_000;

/**
 * OAuth 2.0 sign-in (spec v1.15+, "authorization code grant"): the homeserver's authorization
 * server, found through auth_metadata; the app's client id there (ClientRegistrations); an
 * authorization request with PKCE S256 for the Matrix API and a device id the app chose (kept
 * after a soft logout), opened in the user's browser; its answer on a loopback redirect; the
 * code exchanged for tokens. Every request of the SDK's OAuth2 goes through the platform fetch
 * (withPlatformFetch). There is no /login answer, so no portal redirect either: the session lives
 * on the server it was signed in at.
 */
export class OAuthLoginMethod implements SignInMethod {
  constructor(
    private readonly registrations: ClientRegistrations,
    private readonly timeoutMs = OAUTH_TIMEOUT_MS,
  ) {}

  async signIn(context: SignInContext): Promise<NewSession> {
    const { platform, target, signal } = context;
    context.progress('signingIn');
    const fetch = abortableFetch(platform.fetch, signal);
    const metadata = await readAuthMetadata(fetch, target.serverUrl, signal);
    if (!metadata) {
      throw new UserFacingError(
        'NO_OAUTH',
        `${hostOf(target.serverUrl)} does not offer OAuth 2.0 sign-in.`,
      );
    }
    const issuer = metadata.issuer;
    const clientId = await this.registrations.clientIdFor(metadata, signal);
    const deviceId = target.deviceId ?? generateDeviceId();
    const oauth = new OAuth2(
      metadata,
      { clientId, deviceId },
      createSdkLogger(platform.log, 'oauth'),
    );
    const state = randomBytes(16).toString('hex');
    const callback = await listenForOAuthCallback({
      state,
      issuer,
      issRequired:
        (metadata as { authorization_response_iss_parameter_supported?: unknown })
          .authorization_response_iss_parameter_supported === true,
      timeoutMs: this.timeoutMs,
      clock: platform.clock,
    });
    const stop = () => callback.cancel();
    signal.addEventListener('abort', stop);
    let tokens: Awaited<ReturnType<OAuth2['completeAuthorizationCodeGrant']>>;
    try {
      signal.throwIfAborted();
      const url = await oauth.generateAuthorizationCodeGrantUrl(
        state,
        callback.redirectUrl,
        'query',
        undefined,
        generateScope(deviceId),
      );
      context.progress('waitingForBrowser');
      await platform.openExternal(url);
      const code = await callback.result;
      context.progress('signingIn');
      tokens = await withPlatformFetch(fetch, () =>
        oauth.completeAuthorizationCodeGrant(code, callback.redirectUrl),
      ).catch((error: unknown) => {
        signal.throwIfAborted();
        throw describeOAuthError(error, issuer, 'completing the sign-in');
      });
    } catch (error) {
      stop();
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    const secrets: SessionSecrets = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt:
        typeof tokens.expires_in === 'number' && tokens.expires_in > 0
          ? platform.clock.now() + tokens.expires_in * 1000
          : null,
    };
    // A session this sign-in does not keep is revoked where it was issued.
    const discard = () => {
      revokeTokens(platform, metadata, clientId, secrets).catch((error: unknown) =>
        platform.log.warn('revoking an unused OAuth session failed', { error: String(error) }),
      );
    };
    try {
      const who = await whoami(fetch, target.serverUrl, secrets.accessToken, signal);
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
          issuer,
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
}
