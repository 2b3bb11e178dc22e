/**
 * Find people's preference (Settings): the country of phone numbers written without a country
 * code, ISO 3166 alpha-2, or '' for none. A display preference of this window, so it is kept in
 * localStorage; Find people, the address list and the invite form all read the same one.
 */
const COUNTRY_KEY = 'findPeople.defaultCountry';

export function readDefaultCountry(): string {
  try {
    return localStorage.getItem(COUNTRY_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Stores `value` ('' forgets it); without storage the choice holds for this window only. */
export function saveDefaultCountry(value: string): void {
  try {
    if (value === '') localStorage.removeItem(COUNTRY_KEY);
    else localStorage.setItem(COUNTRY_KEY, value);
  } catch {
    // Storage unavailable: the caller keeps the value in its own state.
  }
}
