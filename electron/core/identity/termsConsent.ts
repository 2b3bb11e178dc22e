/**
 * Whether what the user agreed to covers what the server asks, and which documents to send
 * back as accepted. Every current policy must be accepted; a server with no terms at all must be
 * confirmed explicitly (acceptNoTerms), so "no terms" is never mistaken for "nothing to check".
 * URLs the user sent that the server no longer lists are ignored, not posted.
 */
import type { Policy } from './identityState.js';
import { UserFacingError } from '../UserFacingError.js';

export function policyUrlsToAccept(
  server: string,
  policies: Policy[],
  acceptedPolicyUrls: readonly string[],
  acceptNoTerms: boolean,
): string[] {
  if (policies.length === 0) {
    if (acceptNoTerms) return [];
    throw new UserFacingError(
      'IDENTITY_TERMS_NOT_ACCEPTED',
      `The identity server ${server} publishes no terms of service. Confirm that you want to ` +
        'use it without any.',
    );
  }
  const missing = policies.filter((policy) => !acceptedPolicyUrls.includes(policy.url));
  if (missing.length > 0) {
    const names = missing.map((policy) => `"${policy.name}"`).join(', ');
    throw new UserFacingError(
      'IDENTITY_TERMS_NOT_ACCEPTED',
      `To use the identity server ${server}, accept all of its terms. Not accepted: ${names}.`,
    );
  }
  return policies.map((policy) => policy.url);
}
