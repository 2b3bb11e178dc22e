import { HTTPError, MatrixError, OAuth2Error, OAuth2HTTPError } from 'matrix-js-sdk';
import { describeNetworkError, describeRequestError } from '../../net/describeRequestError.js';
import { hostOf, originOf } from '../../net/hostOf.js';
import { findCertificateProblem } from '../../net/certificateProblem.js';
import { UserFacingError } from '../../UserFacingError.js';

/**
 * What an OAuth 2.0 request to the authorization server `issuer` failed with, in words that
 * name the server and the step (`action`): "auth.example.org refused registering this app
 * (invalid_client_metadata: …)". The SDK throws Error(OAuth2Error.*) for its own checks and
 * OAuth2HTTPError for an RFC 6749 §5.2 answer; anything else is a network problem.
 */
export function describeOAuthError(
  error: unknown,
  issuer: string,
  action: string,
): UserFacingError {
  if (error instanceof UserFacingError) return error;
  const host = hostOf(issuer);
  if (error instanceof OAuth2HTTPError) {
    const said = error.error_description ? `: ${error.error_description.slice(0, 200)}` : '';
    return new UserFacingError(
      'OAUTH_REFUSED',
      `${host} refused ${action} (${error.error.slice(0, 64)}${said}).`,
    );
  }
  if (error instanceof MatrixError) return describeRequestError(error, issuer, action);
  if (error instanceof HTTPError && error.httpStatus !== undefined) {
    return new UserFacingError(
      'OAUTH_FAILED',
      `${host} failed ${action} (HTTP ${error.httpStatus}).`,
    );
  }
  if (error instanceof Error) {
    switch (error.message) {
      case OAuth2Error.DynamicRegistrationNotSupported:
        return new UserFacingError(
          'OAUTH_REGISTRATION_UNSUPPORTED',
          `${host} does not let this app register itself (the grant types it needs are not offered). Ask its administrator for a client id.`,
        );
      case OAuth2Error.DynamicRegistrationFailed:
      case OAuth2Error.DynamicRegistrationInvalid: {
        const cause = (error as { cause?: unknown }).cause;
        if (cause !== undefined) return describeOAuthError(cause, issuer, action);
        return new UserFacingError(
          'OAUTH_REGISTRATION_REFUSED',
          `${host} refused ${action}. Ask its administrator for a client id.`,
        );
      }
      case OAuth2Error.CodeExchangeFailed:
      case OAuth2Error.InvalidBearerTokenResponse:
      case OAuth2Error.RefreshTokenFailed:
      case OAuth2Error.RevokeTokenFailed:
        return new UserFacingError('OAUTH_FAILED', `${host} failed ${action}.`);
    }
  }
  // The SDK's OAuth requests use plain fetch: a TypeError with a cause is the network failing.
  if (error instanceof TypeError && (error as { cause?: unknown }).cause !== undefined) {
    const certificate = findCertificateProblem(error);
    return certificate
      ? new UserFacingError(
          'TLS_UNTRUSTED',
          `Could not connect securely to ${host} for ${action}: ${certificate}.`,
          originOf(issuer),
        )
      : new UserFacingError(
          'UNREACHABLE',
          `Could not reach ${host} for ${action} (${describeNetworkError(error)}).`,
        );
  }
  return describeRequestError(error, issuer, action);
}
