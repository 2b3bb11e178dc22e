/**
 * The one way to reach an identity server. Every request this app makes to any IS first asks
 * here for the connection, naming why, and gets it only when the rules allow:
 *
 * 1. never before m.identity_server is known for this login (it waits until then);
 * 2. calls on behalf of the active server need there to be one (not none, not disabled by the
 *    account) and need it to still be the one asked for;
 * 3. calls that carry email addresses or phone numbers additionally need this server's terms
 *    accepted in this app. After a change made on another device they are not, until the user
 *    accepts them here: whoever holds any one session could have pointed the account at their
 *    own server.
 *
 * Callers open the gate right before each request (not once per command), so a change that
 * lands in between is honoured.
 */
import { UserFacingError } from '../UserFacingError.js';
import type { IdentityServerConnection } from './IdentityServerConnection.js';

export type IdentityPurpose =
  /** A server the user named in a command: checking it, registering and accepting its terms. */
  | 'candidate'
  /** The active server, for calls that carry no address (registering, accepting terms). */
  | 'active'
  /** The active server, for calls that send an email address or phone number (even hashed). */
  | 'threepid'
  /** A server this app holds a token for, to log out of it. */
  | 'retire';

export interface GateRules {
  /** Settles once m.identity_server is known for this login. */
  readonly known: Promise<void>;
  activeUrl(): string | null;
  /** Why there is no active server, for the message (e.g. "turned off for your account"). */
  whyNoActiveServer(): string;
  termsAccepted(url: string): boolean;
}

export class IdentityRequestGate {
  constructor(
    private readonly rules: GateRules,
    private readonly connectionFor: (url: string) => IdentityServerConnection,
  ) {}

  async open(url: string, purpose: IdentityPurpose): Promise<IdentityServerConnection> {
    await this.rules.known;
    if (purpose === 'active' || purpose === 'threepid') {
      const active = this.rules.activeUrl();
      if (active === null) {
        throw new UserFacingError(
          'IDENTITY_NONE',
          `No identity server is in use: ${this.rules.whyNoActiveServer()}.`,
        );
      }
      if (active !== url) {
        throw new UserFacingError(
          'IDENTITY_CHANGED',
          `The identity server changed from ${url} to ${active} in the meantime; nothing was sent.`,
        );
      }
      if (purpose === 'threepid' && !this.rules.termsAccepted(url)) {
        throw new UserFacingError(
          'IDENTITY_TERMS_NOT_ACCEPTED',
          `Accept the terms of the identity server ${url} in this app before it is sent any ` +
            'email address or phone number.',
        );
      }
    }
    return this.connectionFor(url);
  }
}
