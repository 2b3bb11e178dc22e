import { describeNetworkError } from '../net/describeRequestError.js';
import { hostOf } from '../net/hostOf.js';
import type { Logger } from '../platform.js';
import { requestDeadline } from '../net/userWaits.js';

export const UNUSED_LOGIN_LOGOUT_TIMEOUT_MS = 10_000;

/**
 * Ends a session the server created for a sign-in the app then gave up (the user cancelled while
 * the redirect was checked, or the answer was for another user): without this, every such
 * attempt leaves a device in the account's session list. POST /logout with the new token only,
 * to the server where that token lives; bounded by a timeout; a failure is logged, never thrown,
 * because the sign-in has already ended for the user.
 */
export async function logoutUnusedLogin(options: {
  fetch: typeof globalThis.fetch;
  homeserverUrl: string;
  accessToken: string;
  log: Logger;
  timeoutMs?: number;
}): Promise<void> {
  const server = hostOf(options.homeserverUrl);
  try {
    const response = await options.fetch(`${options.homeserverUrl}/_matrix/client/v3/logout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        'content-type': 'application/json',
      },
      body: '{}',
      signal: requestDeadline(options.timeoutMs ?? UNUSED_LOGIN_LOGOUT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) {
      options.log.warn('could not log out an abandoned sign-in', {
        server,
        status: response.status,
      });
    }
  } catch (error) {
    options.log.warn('could not log out an abandoned sign-in', {
      server,
      error: describeNetworkError(error),
    });
  }
}
