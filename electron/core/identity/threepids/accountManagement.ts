/**
 * Whether the homeserver delegates accounts to an OAuth 2.0 server (it answers
 * `GET /_matrix/client/v1/auth_metadata`, spec v1.15): then adding or removing an address is done
 * on that server's account-management page, and a form here would only fail.
 */
import { requestDeadline } from '../../net/userWaits.js';

const TIMEOUT_MS = 10_000;

export async function accountManagedElsewhere(
  fetch: typeof globalThis.fetch,
  homeserver: string,
): Promise<boolean> {
  try {
    const response = await fetch(`${homeserver}/_matrix/client/v1/auth_metadata`, {
      headers: { Accept: 'application/json' },
      signal: requestDeadline(TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    return response.status === 200;
  } catch {
    // Unreachable or refused: the forms stay, and say what went wrong when used.
    return false;
  }
}
