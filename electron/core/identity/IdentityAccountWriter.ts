/**
 * The only two account-data writes identity handling makes, both on an explicit user action
 * (never because an event is absent, never to copy a default into the account):
 *
 * - m.identity_server, remembering each value in the OwnWriteLog so its /sync echo is known to
 *   be ours;
 * - m.accepted_terms, read-merge-write so other clients' entries survive.
 */
import type { AccountDataEvents, MatrixClient } from 'matrix-js-sdk';
import { ACCEPTED_TERMS_EVENT, mergeAcceptedTerms } from './acceptedTerms.js';
import { IDENTITY_SERVER_EVENT } from './IdentityAccountDataFollower.js';
import { UserFacingError } from '../UserFacingError.js';
import { describeFailure } from './identityErrors.js';
import type { OwnWriteLog } from './OwnWriteLog.js';

/** The SDK's account-data typing has no entry for m.accepted_terms; it is a plain JSON event. */
const ACCEPTED_TERMS = ACCEPTED_TERMS_EVENT as keyof AccountDataEvents;

export class IdentityAccountWriter {
  constructor(
    private readonly client: MatrixClient,
    private readonly ownWrites: OwnWriteLog,
  ) {}

  async writeIdentityServer(baseUrl: string | null): Promise<void> {
    this.ownWrites.remember(baseUrl);
    try {
      await this.client.setAccountDataRaw(IDENTITY_SERVER_EVENT, { base_url: baseUrl });
    } catch (error) {
      this.ownWrites.forget(baseUrl);
      throw writeFailure(
        this.client.getHomeserverUrl(),
        baseUrl === null
          ? 'saving "no identity server" in your account'
          : `saving ${baseUrl} as your identity server`,
        error,
      );
    }
  }

  /** Adds the policy URLs to m.accepted_terms; does not write when they are all there. */
  async recordAcceptedTerms(policyUrls: string[]): Promise<void> {
    if (policyUrls.length === 0) return;
    const server = this.client.getHomeserverUrl();
    try {
      // Read first, failing loudly: a blind write would drop every other client's entries.
      const existing: unknown = await this.client.getAccountDataFromServer(ACCEPTED_TERMS);
      const merged = mergeAcceptedTerms(existing, policyUrls);
      if (merged.changed) {
        await this.client.setAccountDataRaw(ACCEPTED_TERMS, merged.content as never);
      }
    } catch (error) {
      throw writeFailure(server, 'recording the accepted terms', error);
    }
  }
}

/**
 * A write the homeserver did not get (offline, connection dropped): say so, and that the
 * setting is as it was, so nobody takes the change for done. Writes are refused, not queued:
 * an identity-server change needs the user's consent at the time it is made.
 */
function writeFailure(server: string, action: string, error: unknown): UserFacingError {
  const described = describeFailure('homeserver', server, action, error);
  if (!described.code.endsWith('_UNREACHABLE')) return described;
  return new UserFacingError(
    described.code,
    `${described.message} Nothing was changed: try again once the connection is back.`,
  );
}
