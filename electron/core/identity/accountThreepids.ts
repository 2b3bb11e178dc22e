/**
 * The email addresses and phone numbers on the account (`GET /account/3pid`), as shown before
 * disabling the identity server. The homeserver's answer is checked like any other server's.
 */
const MAX_THREEPIDS = 100;

export interface AccountThreepid {
  medium: string;
  address: string;
}

/** The valid entries, or null when the answer is not a list of third-party IDs at all. */
export function parseAccountThreepids(body: unknown): AccountThreepid[] | null {
  const list = (body as { threepids?: unknown } | null)?.threepids;
  if (!Array.isArray(list)) return null;
  const threepids: AccountThreepid[] = [];
  for (const entry of list.slice(0, MAX_THREEPIDS)) {
    const { medium, address } = (entry ?? {}) as Record<string, unknown>;
    if (typeof medium === 'string' && typeof address === 'string' && medium.length <= 64) {
      if (address.length > 0 && address.length <= 320) threepids.push({ medium, address });
    }
  }
  return threepids;
}
