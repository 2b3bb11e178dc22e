/**
 * Display names for the people a bulk lookup found, from the homeserver's profile API: a nicety,
 * so failures (a remote user the homeserver cannot see, a slow server) just leave the name out.
 * Bounded: at most MAX_PROFILE_READS reads, CONCURRENCY at a time, stopped by the signal.
 */
import type { MatrixClient } from 'matrix-js-sdk';

export const MAX_PROFILE_READS = 200;
const CONCURRENCY = 4;
const MAX_NAME_LENGTH = 256;

export async function readDisplayNames(
  client: MatrixClient,
  userIds: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const queue = [...new Set(userIds)].slice(0, MAX_PROFILE_READS);
  const worker = async () => {
    for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
      if (signal.aborted) return;
      try {
        const { displayname } = await client.getProfileInfo(userId);
        const name = typeof displayname === 'string' ? displayname.trim() : '';
        if (name.length > 0 && name.length <= MAX_NAME_LENGTH) names.set(userId, name);
      } catch {
        // No name for this one: the user ID is shown instead.
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return names;
}
