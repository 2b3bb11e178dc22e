/**
 * Phone numbers as people read them: MSISDN digits from main ("447700900123") shown in national
 * form when the number is from the user's default country's numbering plan ("07700 900123"), international
 * otherwise ("+44 7700 900123").
 */
import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/min';

export function formatMsisdn(msisdn: string, defaultCountry: string | null): string {
  const parsed = parsePhoneNumberFromString(`+${msisdn}`);
  if (!parsed) return `+${msisdn}`;
  // The calling code, not parsed.country: the small metadata cannot always tell countries that
  // share a numbering plan apart (+44: GB, GG, IM, JE), and their national form is the same.
  if (
    defaultCountry !== null &&
    isSupportedCountry(defaultCountry) &&
    parsed.countryCallingCode === getCountryCallingCode(defaultCountry)
  ) {
    return parsed.formatNational();
  }
  return parsed.formatInternational();
}

export function formatAddress(
  medium: 'email' | 'msisdn',
  address: string,
  defaultCountry: string | null,
): string {
  return medium === 'email' ? address : formatMsisdn(address, defaultCountry);
}
