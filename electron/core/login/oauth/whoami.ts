import { hostOf } from '../../net/hostOf.js';
import { isPlainObject, readLimitedJson } from '../../net/readLimitedJson.js';
import { UserFacingError } from '../../UserFacingError.js';
import { requestDeadline } from '../../net/userWaits.js';

/**
 * Who the homeserver says a new OAuth 2.0 access token belongs to (GET /account/whoami): the
 * token response names no user, so this is where the session learns its user id, and checks
 * that the device is the one the app asked for in the scope.
 */
export async function whoami(
  fetch: typeof globalThis.fetch,
  homeserverUrl: string,
  accessToken: string,
  signal: AbortSignal,
): Promise<{ userId: string; deviceId: string | null }> {
  const host = hostOf(homeserverUrl);
  const response = await fetch(`${homeserverUrl}/_matrix/client/v3/account/whoami`, {
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
    signal: requestDeadline(15_000, signal),
  });
  let body: unknown;
  try {
    body = await readLimitedJson(response, 16 * 1024);
  } catch {
    body = null;
  }
  if (response.status !== 200 || !isPlainObject(body)) {
    const said = isPlainObject(body) && typeof body.errcode === 'string' ? ` ${body.errcode}` : '';
    throw new UserFacingError(
      'OAUTH_TOKEN_REFUSED',
      `${host} did not accept the sign-in from its authorization server (HTTP ${response.status}${said}).`,
    );
  }
  if (typeof body.user_id !== 'string' || !/^@[^:]+:.+$/.test(body.user_id)) {
    throw new UserFacingError(
      'BAD_RESPONSE',
      `${host} sent an incomplete answer about who signed in.`,
    );
  }
  return {
    userId: body.user_id,
    deviceId: typeof body.device_id === 'string' ? body.device_id : null,
  };
}
