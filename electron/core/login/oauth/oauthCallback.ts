import { hostOf } from '../../net/hostOf.js';
import type { Clock } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import { listenForRedirect, type LoopbackRedirect } from '../LoopbackRedirectListener.js';
import { OAUTH_CALLBACK_PATH } from './clientMetadata.js';

/**
 * Receives the authorization server's answer to one authorization request on the loopback
 * redirect (LoopbackRedirectListener.ts). Only an answer carrying this attempt's `state` counts,
 * and only once (the listener closes on it): a forged or stale redirect is refused in the browser
 * while the real one is still awaited. An `error` answer (the user denied, the server refused)
 * ends the attempt with the server's reason; so does an `iss` (RFC 9207) that is not the issuer
 * the homeserver named, which would mean the answer comes from another server (mix-up attack).
 */
export interface OAuthCallbackOptions {
  state: string;
  issuer: string;
  /** The AS said it always sends `iss` (authorization_response_iss_parameter_supported). */
  issRequired: boolean;
  timeoutMs: number;
  clock: Clock;
}

export function listenForOAuthCallback(
  options: OAuthCallbackOptions,
): Promise<LoopbackRedirect<string>> {
  const host = hostOf(options.issuer);
  const failed = (error: UserFacingError) => ({
    kind: 'fail' as const,
    error,
    page: `Sign-in did not complete: ${error.message} Return to Routed Matrix to try again.`,
  });
  return listenForRedirect<string>({
    path: OAUTH_CALLBACK_PATH,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    read(url) {
      const params = url.searchParams;
      if (params.get('state') !== options.state) {
        return {
          kind: 'ignore',
          status: 400,
          page:
            'This answer does not belong to the sign-in in progress in Routed Matrix, so it was ' +
            'ignored. Return to the app and start the sign-in again if it is still waiting.',
        };
      }
      const iss = params.get('iss');
      if ((iss !== null || options.issRequired) && iss !== options.issuer) {
        return failed(
          new UserFacingError(
            'OAUTH_ISSUER_MISMATCH',
            `The sign-in answer came from ${iss === null ? 'an unnamed server' : hostOf(iss)}, not from ${host}, the server your homeserver names, so it was refused.`,
          ),
        );
      }
      const error = params.get('error');
      if (error !== null) {
        const description = params.get('error_description')?.slice(0, 200);
        const reason =
          error === 'access_denied'
            ? `access was denied at ${host}.`
            : `${host} answered ${error.slice(0, 64)}${description ? `: ${description}` : ''}.`;
        return failed(new UserFacingError('OAUTH_DENIED', `Sign-in stopped: ${reason}`));
      }
      const code = params.get('code');
      if (!code || code.length > 4096) {
        return { kind: 'ignore', status: 400, page: 'No authorization code.' };
      }
      return { kind: 'accept', value: code };
    },
    acceptedPage: 'Signed in. You can close this tab and return to Routed Matrix.',
    timeoutError: () =>
      new UserFacingError(
        'OAUTH_TIMEOUT',
        `Signing in at ${host} took too long and was stopped. Try again.`,
      ),
    cancelError: () => new UserFacingError('OAUTH_CANCELLED', 'Sign-in was cancelled.'),
  });
}
