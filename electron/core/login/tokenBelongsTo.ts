import { isPlainObject, readLimitedJson } from '../net/readLimitedJson.js';
import { requestDeadline } from '../net/userWaits.js';

const WHOAMI_TIMEOUT_MS = 10_000;

/**
 * Does `serverUrl` itself serve the new session? GET /account/whoami with the new token: true
 * only when it answers 200 naming `userId`. Any error, another user or no answer is false, so a
 * portal that merely issues tokens for other servers (and answers M_UNRECOGNIZED to the rest)
 * does not count as a homeserver.
 */
export async function tokenBelongsTo(options: {
  fetch: typeof globalThis.fetch;
  serverUrl: string;
  accessToken: string;
  userId: string;
}): Promise<boolean> {
  try {
    const response = await options.fetch(`${options.serverUrl}/_matrix/client/v3/account/whoami`, {
      headers: { accept: 'application/json', authorization: `Bearer ${options.accessToken}` },
      signal: requestDeadline(WHOAMI_TIMEOUT_MS),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return false;
    }
    const body = await readLimitedJson(response, 16 * 1024);
    return isPlainObject(body) && body.user_id === options.userId;
  } catch {
    return false;
  }
}
