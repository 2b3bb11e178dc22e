/**
 * Invite by Matrix ID, email address or phone number (issue 13, item 4). An address is first
 * looked up (hashed) on the active identity server: shared → that user is invited; not shared →
 * the user is asked, and on their go-ahead the homeserver gets a third-party invite (`/invite`
 * with `id_server`, `id_access_token`, `medium`, `address`) and asks that server to store it.
 * Without an identity server, or with its terms not accepted here, the identity code refuses
 * before anything is sent, the address included.
 */
import { UserFacingError } from '../UserFacingError.js';
import type { ThreepidMedium } from '../identity/IdentityServerConnection.js';
import { normaliseContactAddress } from '../identity/lookup/contactAddress.js';
import type { InviteAddressRequest, InviteAddressResult } from './inviteTypes.js';

const USER_ID = /^@[^:\s]+:\S+$/;

/** What the homeserver needs to have the identity server store a third-party invite. */
export interface ThirdPartyInvite {
  id_server: string;
  id_access_token: string;
  medium: ThreepidMedium;
  address: string;
}

/** IdentityManager.lookupForInvite: a lookup and, for the invite, the server's host and token. */
export interface InviteLookup {
  userId: string | null;
  /** The identity server's base URL, for messages. */
  server: string;
  idServer: string;
  idAccessToken: string;
}

export interface InviteDeps {
  lookupForInvite<T>(
    contact: { medium: ThreepidMedium; address: string },
    then: (found: InviteLookup) => Promise<T>,
  ): Promise<T>;
  inviteUser(roomId: string, userId: string): Promise<void>;
  inviteThirdParty(roomId: string, invite: ThirdPartyInvite): Promise<void>;
}

export async function inviteByAddress(
  deps: InviteDeps,
  { roomId, address, medium, defaultCountry, confirmThirdParty }: InviteAddressRequest,
): Promise<InviteAddressResult> {
  const text = address.trim();
  if (medium === null && text.startsWith('@')) {
    if (!USER_ID.test(text)) {
      throw new UserFacingError('INVALID_USER_ID', `${text} is not a Matrix ID (@name:server).`);
    }
    await deps.inviteUser(roomId, text);
    return { kind: 'invited', userId: text };
  }
  const contact = normaliseContactAddress(text, medium, defaultCountry);
  if (!contact.ok) throw badAddress(text, contact.reason, defaultCountry);
  const { medium: kind, address: normalised } = contact;
  // The lookup runs again on confirmation: someone may have shared the address in between, and
  // then they are invited as themselves rather than by mail.
  return deps.lookupForInvite({ medium: kind, address: normalised }, async (found) => {
    if (found.userId !== null) {
      await deps.inviteUser(roomId, found.userId);
      return { kind: 'invited', userId: found.userId };
    }
    const said = { medium: kind, address: normalised, server: found.server };
    if (!confirmThirdParty) return { kind: 'needsConfirmation', ...said };
    await deps.inviteThirdParty(roomId, {
      id_server: found.idServer,
      id_access_token: found.idAccessToken,
      medium: kind,
      address: normalised,
    });
    return { kind: 'invitedByAddress', ...said };
  });
}

function badAddress(text: string, reason: string, defaultCountry: string | null): UserFacingError {
  if (reason === 'empty') {
    return new UserFacingError(
      'INVITE_EMPTY',
      'Enter a Matrix ID (@name:server), an email address or a phone number.',
    );
  }
  if (reason === 'not an email address') {
    return new UserFacingError('IDENTITY_BAD_ADDRESS', `"${text}" is not an email address.`);
  }
  if (reason === 'not a phone number') {
    return new UserFacingError(
      'IDENTITY_BAD_ADDRESS',
      `"${text}" is not a Matrix ID, an email address or a phone number${
        defaultCountry ? '' : ' in international form (country code first, e.g. +44 7700 900123)'
      }.`,
    );
  }
  return new UserFacingError('IDENTITY_BAD_ADDRESS', `"${text.slice(0, 40)}…" is too long.`);
}
