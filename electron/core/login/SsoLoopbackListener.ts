import { randomBytes } from 'node:crypto';
import type { Clock } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { listenForRedirect } from './LoopbackRedirectListener.js';

/**
 * Receives the SSO redirect: a loopback listener (LoopbackRedirectListener.ts) whose path
 * carries a random state, so only the redirect for this attempt is accepted; it takes exactly
 * one `loginToken`.
 */
export interface SsoCallback {
  /** Give this to the homeserver as `redirectUrl`. */
  readonly redirectUrl: string;
  /** Resolves with the login token, or rejects on timeout or cancel. */
  readonly token: Promise<string>;
  cancel(): void;
}

export async function listenForSsoCallback(timeoutMs: number, clock?: Clock): Promise<SsoCallback> {
  const state = randomBytes(16).toString('hex');
  const listener = await listenForRedirect<string>({
    path: `/sso/${state}`,
    timeoutMs,
    ...(clock ? { clock } : {}),
    read(url) {
      const loginToken = url.searchParams.get('loginToken');
      if (!loginToken || loginToken.length > 4096) {
        return { kind: 'ignore', status: 400, page: 'No login token.' };
      }
      return { kind: 'accept', value: loginToken };
    },
    acceptedPage: 'Signed in. You can close this tab and return to Routed Matrix.',
    timeoutError: () =>
      new UserFacingError(
        'SSO_TIMEOUT',
        'Single sign-on took too long and was stopped. Try again.',
      ),
    cancelError: () => new UserFacingError('SSO_CANCELLED', 'Single sign-on was cancelled.'),
  });
  return {
    redirectUrl: listener.redirectUrl,
    token: listener.result,
    cancel: () => listener.cancel(),
  };
}
