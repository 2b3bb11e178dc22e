/**
 * Terms on demand: an identity server may publish new terms while the app runs, and then answers
 * any call with 403 M_TERMS_NOT_SIGNED. This is the one place that turns that answer into
 * IDENTITY_TERMS_CHANGED, whichever call got it (a lookup, a bulk lookup, a share, a
 * validation, a bind relayed by the homeserver): the acceptance recorded here no longer covers
 * the server's terms, so it is withdrawn (the gate then lets no address through) and the state
 * says so. The renderer answers this code with the terms review and, once accepted, retries the
 * command once (renderer/src/lib/termsOnDemand.svelte.ts); declining changes nothing more.
 */
import { UserFacingError } from '../UserFacingError.js';
import { errcodeOf } from './identityErrors.js';
import type { IdentityLocalStore } from './IdentityLocalStore.js';

export const TERMS_CHANGED_CODE = 'IDENTITY_TERMS_CHANGED';

export function isTermsNotSigned(error: unknown): boolean {
  return errcodeOf(error) === 'M_TERMS_NOT_SIGNED';
}

/** The acceptance is withdrawn and the change emitted; answers the error to throw. */
export function termsNotSigned(
  store: IdentityLocalStore,
  emitIfChanged: () => void,
  url: string,
): UserFacingError {
  store.forgetAcceptedTerms(url);
  emitIfChanged();
  return new UserFacingError(
    TERMS_CHANGED_CODE,
    `The identity server ${url} has new terms of service. Review and accept them to continue.`,
  );
}
