/** Inviting by Matrix ID, email address or phone number: what the window asks and is told. */
import type { ThreepidMedium } from '../identity/IdentityServerConnection.js';

export interface InviteAddressRequest {
  roomId: string;
  /** A Matrix ID (@name:server), an email address or a phone number. */
  address: string;
  /** null: detected (a Matrix ID starts with @, otherwise an @ means email). */
  medium: ThreepidMedium | null;
  /** ISO 3166 alpha-2 for numbers written without a country code (Find people's setting). */
  defaultCountry: string | null;
  /** The user agreed to a third-party invite for an address nobody has shared. */
  confirmThirdParty: boolean;
}

export type InviteAddressResult =
  /** A Matrix ID, or the user an address is shared by: invited as a member. */
  | { kind: 'invited'; userId: string }
  /**
   * Nobody has shared the address on `server` (the identity server): a third-party invite needs
   * the user's go-ahead (the address goes to the homeserver and that identity server, which
   * mails or texts it). Nothing was sent but the hashed lookup.
   */
  | { kind: 'needsConfirmation'; medium: ThreepidMedium; address: string; server: string }
  /** The identity server stored the invitation and will send it to the address. */
  | { kind: 'invitedByAddress'; medium: ThreepidMedium; address: string; server: string };
