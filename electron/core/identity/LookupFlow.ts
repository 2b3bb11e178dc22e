/**
 * Who has published one email address or phone number on the active server: a hashed lookup,
 * only once the server's terms are accepted here. A rotated pepper (400 M_INVALID_PEPPER) is
 * retried once with fresh hash details; new terms (M_TERMS_NOT_SIGNED) withdraw the acceptance.
 */
import type { LookupContactRequest } from './identityRequests.js';
import { UserFacingError } from '../UserFacingError.js';
import { describeFailure, errcodeOf } from './identityErrors.js';
import type { IdentityParts } from './IdentityParts.js';
import type { IdentityServerConnection, ThreepidMedium } from './IdentityServerConnection.js';
import { normaliseContactAddress } from './lookup/contactAddress.js';

export async function lookupContact(
  parts: IdentityParts,
  { medium, address }: LookupContactRequest,
): Promise<{ userId: string | null }> {
  const { status, sessions, gate } = parts;
  const parsed = normaliseContactAddress(address, medium);
  if (!parsed.ok) {
    throw new UserFacingError(
      'IDENTITY_BAD_ADDRESS',
      medium === 'email'
        ? `"${address.trim()}" is not an email address.`
        : `"${address.trim()}" is not a phone number in international form (country code ` +
            'first, e.g. +44 7700 900123).',
    );
  }
  const normalised = parsed.address;
  const url = await status.activeServer();
  try {
    const userId = await sessions.withToken(url, 'threepid', (connection, token) =>
      lookupWithPepperRetry(connection, token, medium, normalised, () =>
        gate.open(url, 'threepid'),
      ),
    );
    return { userId };
  } catch (error) {
    throw describeFailure('identity server', url, `looking up that ${mediumName(medium)}`, error);
  }
}

export async function lookupWithPepperRetry(
  connection: IdentityServerConnection,
  token: string,
  medium: ThreepidMedium,
  address: string,
  reopen: () => Promise<IdentityServerConnection>,
): Promise<string | null> {
  try {
    return await connection.lookup(token, medium, address);
  } catch (error) {
    if (errcodeOf(error) !== 'M_INVALID_PEPPER') throw error;
    // The pepper rotated between /hash_details and /lookup: the SDK reads fresh details.
    return await (await reopen()).lookup(token, medium, address);
  }
}

function mediumName(medium: ThreepidMedium): string {
  return medium === 'email' ? 'email address' : 'phone number';
}
