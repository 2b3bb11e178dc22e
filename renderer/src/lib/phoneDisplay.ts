/**
 * Phone numbers as people read them: MSISDN digits from main ("447700900123") shown in national
 * form when the number is from the user's default country ("07700 900123"), international
 * otherwise ("+44 7700 900123").
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export function formatMsisdn(msisdn: string, defaultCountry: string | null): string {
  const parsed = parsePhoneNumberFromString(`+${msisdn}`);
  if (!parsed) return `+${msisdn}`;
  if (defaultCountry !== null && parsed.country === defaultCountry) return parsed.formatNational();
  return parsed.formatInternational();
}

export function formatAddress(
  medium: 'email' | 'msisdn',
  address: string,
  defaultCountry: string | null,
): string {
  return medium === 'email' ? address : formatMsisdn(address, defaultCountry);
}
