/** The identity server as the account and the UI see it (DESIGN.md, identity server resolution). */
export type IdentitySource = 'pending' | 'account' | 'login' | 'discovery' | 'default' | 'none';

export interface IdentityState {
  /** The active identity server, or null for none (not chosen, or disabled by the account). */
  url: string | null;
  /** Where `url` came from; 'pending' until m.identity_server is known for this login. */
  source: IdentitySource;
  /** True when the account explicitly says "no identity server" ({"base_url": null}). */
  disabledByAccount: boolean;
  /** The user accepted this server's terms in this app; nothing is sent to it before that. */
  termsAccepted: boolean;
  /** Set when another device changed the server; cleared when the user dismisses it. */
  changedElsewhere: { from: string | null; to: string | null } | null;
}

export interface Policy {
  id: string;
  name: string;
  url: string;
  version: string;
}

export interface IdentityCandidate {
  url: string;
  /** Empty when the server publishes no terms: the user must confirm that explicitly. */
  policies: Policy[];
}

export interface DisableImpact {
  url: string | null;
  /** Addresses on the account; null when the server could not tell. */
  sharedThreepids: { medium: string; address: string }[] | null;
}
