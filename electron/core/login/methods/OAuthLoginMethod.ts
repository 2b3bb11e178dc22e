import { randomBytes } from 'node:crypto';
import { generateScope, OAuth2 } from 'matrix-js-sdk';
import { abortableFetch } from '../../net/abortableFetch.js';
import { withPlatformFetch } from '../../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../../net/sdkLogger.js';
import type { ClientRegistrations } from '../oauth/clientRegistrations.js';
import { generateDeviceId } from '../oauth/deviceId.js';
import { describeOAuthError } from '../oauth/describeOAuthError.js';
import { registrationLostError, watchInvalidClient } from '../oauth/lostRegistration.js';
import { listenForOAuthCallback } from '../oauth/oauthCallback.js';
import { oauthNewSession } from '../oauth/oauthNewSession.js';
import { signInMetadata } from '../oauth/signInMetadata.js';
import type { NewSession, SignInContext, SignInMethod } from './SignInMethod.js';

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
    const metadata = await signInMetadata(fetch, target, signal);
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
      const watch = watchInvalidClient(fetch);
      tokens = await withPlatformFetch(watch.fetch, () =>
        oauth.completeAuthorizationCodeGrant(code, callback.redirectUrl),
      ).catch((error: unknown) => {
        signal.throwIfAborted();
        throw registrationLostError(
          this.registrations,
          issuer,
          watch.refused,
          describeOAuthError(error, issuer, 'completing the sign-in'),
        );
      });
    } catch (error) {
      stop();
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    return oauthNewSession(context, { fetch, metadata, clientId, deviceId, tokens });
  }
}
