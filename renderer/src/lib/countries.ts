/** The default-country choices for phone numbers written without a country code. */
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';

export interface CountryChoice {
  code: string;
  label: string;
}

let cached: CountryChoice[] | null = null;

/** Every country libphonenumber knows, by English name: "United Kingdom (+44)". */
export function countryChoices(): CountryChoice[] {
  if (cached) return cached;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  cached = getCountries()
    .map((code) => ({
      code,
      label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en'));
  return cached;
}
