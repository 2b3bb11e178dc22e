/**
 * Addresses the user asks about, in the form identity servers hash them: the lookup only finds a
 * binding when client and server hash the very same string. Email addresses are trimmed (the SDK
 * lowercases them before hashing); phone numbers become bare international digits, the MSISDN
 * form the spec uses ("+44 7700-900 123" → "447700900123").
 */
import { UserFacingError } from '../UserFacingError.js';
import type { ThreepidMedium } from './IdentityServerConnection.js';

const MAX_EMAIL_LENGTH = 320;

export function normaliseThreepidAddress(medium: ThreepidMedium, input: string): string {
  const trimmed = input.trim();
  if (medium === 'email') {
    if (trimmed.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@]+$/.test(trimmed)) return trimmed;
    throw new UserFacingError('IDENTITY_BAD_ADDRESS', `"${trimmed}" is not an email address.`);
  }
  const digits = trimmed.replace(/[\s().-]/g, '').replace(/^\+/, '');
  // E.164: a country code and at most 15 digits in all.
  if (/^[1-9]\d{4,14}$/.test(digits)) return digits;
  throw new UserFacingError(
    'IDENTITY_BAD_ADDRESS',
    `"${trimmed}" is not a phone number in international form (country code first, e.g. +44 7700 900123).`,
  );
}
