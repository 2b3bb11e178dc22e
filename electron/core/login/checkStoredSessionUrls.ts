import { checkBaseUrl } from '../net/urlPolicy.js';
import type { SessionRecord } from '../session/SessionVault.js';
import { UserFacingError } from '../UserFacingError.js';

/**
 * The URL policy, run again on a stored session before its token is decrypted: the settings file
 * is as untrusted as a server's answer (an edit, another program, a restored backup), and a
 * homeserver URL pointing at plain http on another host would receive the token in clear.
 * Returns the reason to show, or null when both URLs may be used.
 */
export function checkStoredSessionUrls(
  record: Pick<SessionRecord, 'homeserverUrl' | 'loginServerUrl'>,
): UserFacingError | null {
  const login = checkBaseUrl(record.loginServerUrl);
  if (!login.ok) return refused(record.loginServerUrl, login.reason);
  // As when the session was made: a routed session never moves from https to http.
  const home = checkBaseUrl(record.homeserverUrl, { from: record.loginServerUrl });
  if (!home.ok) return refused(record.homeserverUrl, home.reason);
  return null;
}

function refused(url: string, reason: string): UserFacingError {
  const shown = url.length > 80 ? `${url.slice(0, 77)}...` : url;
  return new UserFacingError(
    'UNSAFE_STORED_SESSION',
    `The saved session pointed at ${shown}, which cannot be used safely: ${reason}. Sign in again.`,
  );
}
