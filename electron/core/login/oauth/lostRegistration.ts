import { hostOf } from '../../net/hostOf.js';
import { isPlainObject, readLimitedJson } from '../../net/readLimitedJson.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { ClientRegistrations } from './clientRegistrations.js';

/**
 * A remembered client registration the authorization server no longer knows (its database was
 * reset, the registration expired or an administrator removed it): the server answers
 * `invalid_client` (RFC 6749 §5.2, RFC 8628 §3.2) at the token or device authorization endpoint,
 * and every later attempt would fail the same way. The SDK does not always surface that code
 * (its device authorization start only says the answer was invalid), so the authorization
 * server's answers are watched on the way in: a 400/401 JSON body with that error is noted.
 */
export function watchInvalidClient(fetch: typeof globalThis.fetch): {
  fetch: typeof globalThis.fetch;
  readonly refused: boolean;
} {
  let refused = false;
  const watched: typeof globalThis.fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 400 || response.status === 401) {
      // A copy is read (bounded); the original goes to the caller untouched.
      const body = await readLimitedJson(response.clone(), 16 * 1024).catch(() => undefined);
      if (isPlainObject(body) && body.error === 'invalid_client') refused = true;
    }
    return response;
  };
  return {
    fetch: watched,
    get refused() {
      return refused;
    },
  };
}

/**
 * What to throw when an OAuth step failed: when the server refused the client and the id was
 * one the app registered itself, that id is forgotten (the next attempt registers anew) and the
 * user is told so; an administrator's static client id is never forgotten (the user is told to
 * ask the administrator), and any other failure is `otherwise`.
 */
export function registrationLostError(
  registrations: ClientRegistrations,
  issuer: string,
  refused: boolean,
  otherwise: unknown,
): unknown {
  if (!refused) return otherwise;
  if (registrations.isStatic(issuer)) {
    // Trying again cannot help: the id is the administrator's to fix.
    return new UserFacingError(
      'OAUTH_STATIC_CLIENT_REFUSED',
      `${hostOf(issuer)} does not know the client id your administrator configured for this app (invalid_client). Ask them to check it.`,
    );
  }
  if (!registrations.forgetRegistered(issuer)) return otherwise;
  return new UserFacingError(
    'OAUTH_REGISTRATION_LOST',
    `The app's registration at ${hostOf(issuer)} was lost; try again.`,
  );
}
