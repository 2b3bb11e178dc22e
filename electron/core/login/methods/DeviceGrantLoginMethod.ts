import {
  generateScope,
  OAuth2,
  OAuthGrantType,
  type DeviceAuthorizationResponse,
} from 'matrix-js-sdk';
import { abortableFetch } from '../../net/abortableFetch.js';
import { hostOf } from '../../net/hostOf.js';
import { withPlatformFetch } from '../../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../../net/sdkLogger.js';
import { checkBrowserLink } from '../../net/urlPolicy.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { ClientRegistrations } from '../oauth/clientRegistrations.js';
import { describeOAuthError } from '../oauth/describeOAuthError.js';
import { generateDeviceId } from '../oauth/deviceId.js';
import { registrationLostError, watchInvalidClient } from '../oauth/lostRegistration.js';
import { oauthNewSession } from '../oauth/oauthNewSession.js';
import { signInMetadata } from '../oauth/signInMetadata.js';
import { DEFAULT_POLL_INTERVAL_MS, pollDeviceToken } from '../oauth/pollDeviceToken.js';
import type { NewSession, SignInContext, SignInMethod } from './SignInMethod.js';

/** What the user needs to approve the sign-in on their other device. */
export interface DeviceGrantPrompt {
  userCode: string;
  verificationUri: string;
  /** The link with the code in it, for the QR code; null when the server gives none. */
  verificationUriComplete: string | null;
  /** When the code expires, on main's clock (ms since the epoch). */
  expiresAt: number;
}

/** Bounds on what the server asks for: a code that lives for days, or polls once an hour, is a fault. */
const MAX_LIFETIME_MS = 30 * 60_000;
const MAX_INTERVAL_MS = 60_000;

/**
 * Sign in on another device: the OAuth 2.0 device authorization grant (RFC 8628, spec v1.18), for
 * people whose browser is not on this computer (locked-down or remote desktops). The same
 * authorization server, client registration, scopes and device id as the authorization-code
 * sign-in (OAuthLoginMethod); instead of a browser here, the window shows a code and a link (and
 * a QR code) to approve elsewhere, while the token endpoint is polled at the server's interval on
 * the platform clock (pollDeviceToken) until the user approves, denies, or the code expires.
 */
export class DeviceGrantLoginMethod implements SignInMethod {
  constructor(private readonly registrations: ClientRegistrations) {}

  async signIn(context: SignInContext): Promise<NewSession> {
    const { platform, target, signal } = context;
    context.progress('signingIn');
    const fetch = abortableFetch(platform.fetch, signal);
    const metadata = await signInMetadata(fetch, target, signal);
    const issuer = metadata.issuer;
    if (
      !metadata.device_authorization_endpoint ||
      !metadata.grant_types_supported.includes(OAuthGrantType.DeviceAuthorization)
    ) {
      throw new UserFacingError(
        'DEVICE_GRANT_UNSUPPORTED',
        `${hostOf(issuer)} does not offer signing in on another device.`,
      );
    }
    const clientId = await this.registrations.clientIdFor(metadata, signal);
    const deviceId = target.deviceId ?? generateDeviceId();
    const oauth = new OAuth2(
      metadata,
      { clientId, deviceId },
      createSdkLogger(platform.log, 'oauth'),
    );
    // Both the device authorization and the token endpoint answer invalid_client for a
    // registration the server lost (lostRegistration.ts).
    const watch = watchInvalidClient(fetch);
    const lost = (error: unknown) =>
      registrationLostError(this.registrations, issuer, watch.refused, error);
    const grant = await withPlatformFetch(watch.fetch, () =>
      oauth.startDeviceAuthorizationGrant(generateScope(deviceId)),
    ).catch((error: unknown) => {
      signal.throwIfAborted();
      throw lost(describeOAuthError(error, issuer, 'starting a sign-in on another device'));
    });
    const prompt = promptFor(grant, platform.clock.now(), issuer);
    context.progress('waitingForDevice', prompt);
    const tokens = await pollDeviceToken({
      fetch: watch.fetch,
      clock: platform.clock,
      tokenEndpoint: metadata.token_endpoint,
      clientId,
      deviceCode: grant.device_code,
      intervalMs: Math.min(
        MAX_INTERVAL_MS,
        grant.interval !== undefined ? grant.interval * 1000 : DEFAULT_POLL_INTERVAL_MS,
      ),
      expiresAt: prompt.expiresAt,
      issuer,
      signal,
    }).catch((error: unknown) => {
      throw lost(error);
    });
    context.progress('signingIn');
    return oauthNewSession(context, { fetch, metadata, clientId, deviceId, tokens });
  }
}

/**
 * What the window shows. The links come from the server and the user opens them (or scans
 * them): they pass the URL policy first; a bad complete link is dropped (the code still works
 * with the plain one), a bad plain link ends the sign-in.
 */
function promptFor(
  grant: DeviceAuthorizationResponse,
  now: number,
  issuer: string,
): DeviceGrantPrompt {
  const host = hostOf(issuer);
  const link = checkBrowserLink(grant.verification_uri);
  if (!link.ok) {
    throw new UserFacingError(
      'DEVICE_GRANT_BAD_LINK',
      `${host} gave a sign-in link that cannot be used: ${link.reason}.`,
    );
  }
  const complete = checkBrowserLink(grant.verification_uri_complete);
  const userCode = grant.user_code.trim();
  if (userCode === '' || userCode.length > 64) {
    throw new UserFacingError('BAD_RESPONSE', `${host} gave an unusable sign-in code.`);
  }
  return {
    userCode,
    verificationUri: link.url,
    verificationUriComplete: complete.ok ? complete.url : null,
    expiresAt: now + Math.min(MAX_LIFETIME_MS, Math.max(0, grant.expires_in * 1000)),
  };
}
