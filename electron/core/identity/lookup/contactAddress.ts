/**
 * Turning what people paste or import (an email address, a phone number in national or
 * international form) into the exact string identity servers hash: a lookup only finds a binding
 * when client and server hash the very same text. Email addresses are trimmed and lower-cased
 * (the spec's rule for hashing); phone numbers become MSISDN, bare international digits
 * ("+44 7700 900123", or "07700 900123" with default country GB → "447700900123").
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { ThreepidMedium } from '../IdentityServerConnection.js';

export const MAX_ADDRESS_LENGTH = 320;

export interface ContactAddress {
  medium: ThreepidMedium;
  /** The normalised form, the one that is hashed. */
  address: string;
}

export type NormalisedInput =
  | ({ ok: true } & ContactAddress)
  | { ok: false; reason: 'empty' | 'too long' | 'not an email address' | 'not a phone number' };

/**
 * `medium` absent or null: an input with an @ is an email address, anything else a phone number.
 * `defaultCountry` (ISO 3166 alpha-2) reads numbers written without a country code.
 */
export function normaliseContactAddress(
  input: string,
  medium?: ThreepidMedium | null,
  defaultCountry?: string | null,
): NormalisedInput {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'empty' };
  if (trimmed.length > MAX_ADDRESS_LENGTH) return { ok: false, reason: 'too long' };
  const kind = medium ?? (trimmed.includes('@') ? 'email' : 'msisdn');
  if (kind === 'email') {
    // Strip a mailto: prefix or <angle brackets>, as vCards and mail clients write them.
    const bare = trimmed.replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1');
    if (/^[^\s@<>]+@[^\s@<>]+$/.test(bare)) {
      return { ok: true, medium: 'email', address: bare.toLowerCase() };
    }
    return { ok: false, reason: 'not an email address' };
  }
  const msisdn = toMsisdn(trimmed.replace(/^tel:/i, ''), defaultCountry);
  return msisdn === null
    ? { ok: false, reason: 'not a phone number' }
    : { ok: true, medium: 'msisdn', address: msisdn };
}

function toMsisdn(input: string, defaultCountry?: string | null): string | null {
  if (!/^[+\d\s().\-/]+$/.test(input)) return null;
  // Written with its country code: the digits as written are the MSISDN (minus the "(0)" some
  // write for the trunk prefix). Re-reading them through libphonenumber could drop a digit it
  // takes for a national prefix, and the same number would not hash the same twice.
  if (input.startsWith('+')) return possibleInternational(input.slice(1));
  if (input.startsWith('00')) return possibleInternational(input.slice(2));
  if (isCountryCode(defaultCountry)) {
    const national = parsePhoneNumberFromString(input, defaultCountry);
    if (national?.isPossible()) return national.number.replace(/^\+/, '');
  }
  // No country code and not a national number: read the digits as international, how MSISDNs
  // are often written ("447700900123").
  return possibleInternational(input);
}

function possibleInternational(text: string): string | null {
  const digits = text.replace(/\(0\)/, '').replace(/\D/g, '');
  if (!/^[1-9]\d{1,14}$/.test(digits)) return null;
  return parsePhoneNumberFromString(`+${digits}`)?.isPossible() ? digits : null;
}

function isCountryCode(value: string | null | undefined): value is CountryCode {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
}
