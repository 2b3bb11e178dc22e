/**
 * Choosing an identity server: checking one the user typed, the default one, and switching the
 * account to one (terms consent first, m.identity_server written last).
 */
import type { IdentityChangeRequest, IdentityCheckRequest } from './identityRequests.js';
import type { IdentityCandidate, IdentityState } from './identityState.js';
import { UserFacingError } from '../UserFacingError.js';
import { describeFailure } from './identityErrors.js';
import type { IdentityParts } from './IdentityParts.js';
import { checkIdentityServerUrl, userInputToUrl } from './identityServerUrl.js';
import { inspectIdentityServer } from './inspectIdentityServer.js';
import { resolveIdentityServer } from './resolveIdentityServer.js';
import { policyUrlsToAccept } from './termsConsent.js';

export class ChangeFlow {
  constructor(private readonly parts: IdentityParts) {}

  /** Checks a server the user typed (URL or bare host) and reads its terms; writes nothing. */
  async check({ server }: IdentityCheckRequest): Promise<IdentityCandidate> {
    const url = requireIdentityServerUrl(server);
    return { url, policies: await inspectIdentityServer(this.parts.gate, url) };
  }

  /** The server the account would use without m.identity_server, with its terms; or null. */
  async defaultCheck(): Promise<IdentityCandidate | null> {
    const { url } = resolveIdentityServer({ kind: 'absent' }, this.parts.ctx.defaults);
    if (url === null) return null;
    return { url, policies: await inspectIdentityServer(this.parts.gate, url) };
  }

  /**
   * Switches the account to `url`: check it again, require consent to its current terms,
   * register, accept the terms there and in m.accepted_terms, and only then write
   * m.identity_server. Afterwards, log out of the previous server. On failure the
   * m.identity_server event is untouched and nothing is stored locally.
   */
  async change({
    url: requested,
    acceptedPolicyUrls,
    acceptNoTerms,
  }: IdentityChangeRequest): Promise<IdentityState> {
    const { gate, sessions, writer, store, status } = this.parts;
    const url = requireIdentityServerUrl(requested);
    const policies = await inspectIdentityServer(gate, url);
    const accepted = policyUrlsToAccept(url, policies, acceptedPolicyUrls, acceptNoTerms);
    const token = await sessions.registerUnstored(url, 'candidate');
    let previous: string | null;
    try {
      await this.acceptTermsAt(url, token, accepted);
      await writer.recordAcceptedTerms(accepted);
      previous = status.resolution().url;
      await writer.writeIdentityServer(url);
    } catch (error) {
      // Leave no orphaned session behind on a server the account is not using.
      await sessions.retire(url, token);
      throw error;
    }
    status.changedHere({ base_url: url });
    const replaced = store.getToken(url);
    store.setToken(url, token);
    if (replaced !== null && replaced !== token) await sessions.retire(url, replaced);
    store.recordAcceptedTerms(url, accepted);
    status.setChangedElsewhere(null);
    status.emitIfChanged();
    if (previous !== null && previous !== url) await sessions.retire(previous);
    return status.state();
  }

  private async acceptTermsAt(url: string, token: string, policyUrls: string[]): Promise<void> {
    if (policyUrls.length === 0) return;
    try {
      await (await this.parts.gate.open(url, 'candidate')).acceptTerms(token, policyUrls);
    } catch (error) {
      throw describeFailure('identity server', url, 'accepting its terms', error);
    }
  }
}

/** Validates a user-typed server; the message says what was wrong with it. */
function requireIdentityServerUrl(input: string): string {
  const check = checkIdentityServerUrl(userInputToUrl(input));
  if (check.ok) return check.url;
  throw new UserFacingError(
    'IDENTITY_INVALID_URL',
    `"${input.trim()}" cannot be used as an identity server: ${check.reason}.`,
  );
}
