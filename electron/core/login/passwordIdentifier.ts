import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { UserFacingError } from '../UserFacingError.js';

/**
 * The spec's login identifier for what the user typed in the one "User ID, email or phone"
 * field: a full Matrix ID or a bare localpart (m.id.user), an email address (m.id.thirdparty),
 * or an international phone number (m.id.phone, country + national number, parsed with
 * libphonenumber so "+44 20 7946 0958" becomes GB / 2079460958; m.id.thirdparty msisdn when the
 * number has no single country).
 */
export type LoginIdentifier =
  | { type: 'm.id.user'; user: string }
  | { type: 'm.id.thirdparty'; medium: 'email' | 'msisdn'; address: string }
  | { type: 'm.id.phone'; country: string; phone: string };

export function identifierFor(input: string): LoginIdentifier {
  const text = input.trim();
  if (text.startsWith('@')) {
    if (!/^@[^:\s]+:[^\s]+$/.test(text)) {
      throw new UserFacingError(
        'INVALID_USER_ID',
        `"${text}" is not a Matrix ID (like @name:example.org).`,
      );
    }
    return { type: 'm.id.user', user: text };
  }
  if (text.includes('@')) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) {
      throw new UserFacingError('INVALID_EMAIL', `"${text}" is not an email address.`);
    }
    return { type: 'm.id.thirdparty', medium: 'email', address: text.toLowerCase() };
  }
  if (/^\+?[\d\s().-]{6,}$/.test(text)) {
    const phone = parsePhoneNumberFromString(text);
    if (!phone?.isPossible()) {
      throw new UserFacingError(
        'INVALID_PHONE',
        `"${text}" is not a phone number this app can read. Write it in international form, starting with + and the country code.`,
      );
    }
    // Some numbers belong to no single country (+44 is shared by GB, GG, IM and JE, and
    // reserved ranges have none): m.id.phone needs one, so send the canonical MSISDN instead.
    if (!phone.country) {
      return { type: 'm.id.thirdparty', medium: 'msisdn', address: phone.number.slice(1) };
    }
    return { type: 'm.id.phone', country: phone.country, phone: phone.nationalNumber };
  }
  if (/\s/.test(text) || text.length === 0) {
    throw new UserFacingError('INVALID_USER_ID', `"${text}" is not a user name.`);
  }
  return { type: 'm.id.user', user: text };
}
