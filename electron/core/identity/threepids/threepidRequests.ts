/** Small pieces the 3PID flows share: reading addresses and the servers' answers. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { UnbindOutcome } from './threepidTypes.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { ThreepidMedium } from '../IdentityServerConnection.js';
import { normaliseContactAddress, type ContactAddress } from '../lookup/contactAddress.js';

/** An address in the form servers compare (lower-cased email, MSISDN digits), or a clear error. */
export function requireOwnAddress(
  medium: ThreepidMedium,
  address: string,
  defaultCountry: string | null = null,
): ContactAddress {
  const parsed = normaliseContactAddress(address, medium, defaultCountry);
  if (parsed.ok) return parsed;
  throw new UserFacingError(
    'THREEPID_BAD_ADDRESS',
    medium === 'email'
      ? `"${address.trim()}" is not an email address.`
      : `"${address.trim()}" is not a phone number${defaultCountry ? '' : ' in international form (country code first, e.g. +44 7700 900123)'}.`,
  );
}

/** What identity servers and homeservers ask for a phone number: its country and the number. */
export function countryAndNumber(msisdn: string): { country: string; phone_number: string } {
  const country = parsePhoneNumberFromString(`+${msisdn}`)?.country ?? '';
  return { country, phone_number: `+${msisdn}` };
}

/**
 * `id_server_unbind_result` as the homeserver gave it. Anything but `success` means the identity
 * server may still hold the address, and is said as such.
 */
export function unbindResultOf(answer: unknown): UnbindOutcome['result'] {
  const result = (answer as { id_server_unbind_result?: unknown } | null)?.id_server_unbind_result;
  return result === 'success' ? 'success' : 'no-support';
}
