/**
 * Accepting the active server's terms in this app (after a change from another device, or for a
 * default/account server first used here): register if needed, accept there and in
 * m.accepted_terms, then allow addresses to be sent to it.
 */
import type { IdentityAcceptTermsRequest } from './identityRequests.js';
import type { IdentityState } from './identityState.js';
import { describeFailure } from './identityErrors.js';
import type { IdentityParts } from './IdentityParts.js';
import { inspectIdentityServer } from './inspectIdentityServer.js';
import { policyUrlsToAccept } from './termsConsent.js';

export async function acceptActiveTerms(
  parts: IdentityParts,
  { acceptedPolicyUrls, acceptNoTerms }: IdentityAcceptTermsRequest,
): Promise<IdentityState> {
  const { status, gate, sessions, writer, store } = parts;
  const url = await status.activeServer();
  const policies = await inspectIdentityServer(gate, url, 'active');
  const accepted = policyUrlsToAccept(url, policies, acceptedPolicyUrls, acceptNoTerms);
  if (accepted.length > 0) {
    await sessions
      .withToken(url, 'active', (connection, token) => connection.acceptTerms(token, accepted))
      .catch((error: unknown) => {
        throw describeFailure('identity server', url, 'accepting its terms', error);
      });
  } else {
    await sessions.token(url, 'active');
  }
  await writer.recordAcceptedTerms(accepted);
  store.recordAcceptedTerms(url, accepted);
  if (status.changedElsewhere?.to === url) status.setChangedElsewhere(null);
  status.emitIfChanged();
  return status.state();
}
