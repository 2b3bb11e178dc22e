/**
 * The account's email addresses and phone numbers (`GET /account/3pid`) and, for each, whether
 * people can find the user by it on the active identity server: a hashed lookup of the user's
 * own addresses, answered by their own user ID or not. No identity-server request at all while
 * the server is unknown, disabled or its terms are not accepted here (the gate refuses, and this
 * does not even ask it): then `discoverable` is null and `notChecked` says why.
 */
import type { ThreepidListing } from './threepidTypes.js';
import { UserFacingError } from '../../UserFacingError.js';
import { parseAccountThreepids } from '../accountThreepids.js';
import { describeFailure } from '../identityErrors.js';
import type { IdentityParts } from '../IdentityParts.js';
import { batchedHashedLookup, PlainLookupNeedsConsent } from '../lookup/batchedHashedLookup.js';
import type { ContactAddress } from '../lookup/contactAddress.js';
import { accountManagedElsewhere } from './accountManagement.js';

export async function listThreepids(parts: IdentityParts): Promise<ThreepidListing> {
  const { ctx, status, store } = parts;
  const homeserver = ctx.client.getHomeserverUrl();
  const [answer, managedElsewhere] = await Promise.all([
    ctx.client.getThreePids().catch((error: unknown) => {
      throw describeFailure('homeserver', homeserver, 'listing your email addresses', error);
    }),
    accountManagedElsewhere(ctx.platform.fetch, homeserver),
  ]);
  const parsed = parseAccountThreepids(answer);
  if (parsed === null) {
    throw new UserFacingError(
      'HOMESERVER_BAD_RESPONSE',
      `The homeserver ${homeserver} sent a list of email addresses this app cannot use.`,
    );
  }
  const own: ContactAddress[] = parsed.flatMap(({ medium, address }) =>
    medium === 'email' || medium === 'msisdn' ? [{ medium, address }] : [],
  );
  await parts.follower.known;
  const { url, termsAccepted } = status.state();
  const base = { identityServer: url, accountManagedElsewhere: managedElsewhere };
  const unchecked = (why: string): ThreepidListing => ({
    ...base,
    threepids: own.map((t) => ({ ...t, discoverable: null })),
    notChecked: why,
  });
  if (url === null)
    return unchecked(`No identity server is in use: ${status.whyNoActiveServer()}.`);
  if (!termsAccepted) {
    return unchecked(`Accept the terms of ${url} in this app to see or change what it shares.`);
  }
  if (own.length === 0) return { ...base, threepids: [], notChecked: null };
  try {
    const found = await batchedHashedLookup(own, hashedLookupAt(parts, url), {
      signal: new AbortController().signal,
      plainAllowed: store.allowsPlainLookup(url),
    });
    return {
      ...base,
      threepids: own.map((t, i) => ({ ...t, discoverable: found[i] === ctx.userId })),
      notChecked: null,
    };
  } catch (error) {
    if (error instanceof PlainLookupNeedsConsent) {
      return unchecked(`${url} offers only lookups in the clear, which you have not allowed.`);
    }
    throw describeFailure('identity server', url, 'checking who can find you', error);
  }
}

/** The server's two lookup calls, each through the gate with this app's token for it. */
export function hashedLookupAt(parts: IdentityParts, url: string) {
  const { sessions } = parts;
  return {
    hashDetails: (signal: AbortSignal) =>
      sessions.withToken(url, 'threepid', (connection, token) =>
        connection.hashDetails(token, signal),
      ),
    lookup: (algorithm: string, pepper: string, keys: string[], signal: AbortSignal) =>
      sessions.withToken(url, 'threepid', (connection, token) =>
        connection.lookupHashes(token, algorithm, pepper, keys, signal),
      ),
  };
}
