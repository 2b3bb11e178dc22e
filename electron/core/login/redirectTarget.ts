import { isPlainObject } from '../net/readLimitedJson.js';

/**
 * Where a login response says this user's client-server API lives from now on (MSC1730 and the
 * spec). The spec's `well_known["m.homeserver"].base_url` wins over the draft's `base_cs_url`
 * when a portal sends both. The value is returned raw: validateRedirectTarget decides whether it
 * may be used.
 */
export interface RedirectOffer {
  raw: unknown;
  field: 'well_known' | 'base_cs_url';
}

export function redirectOfferIn(loginResponse: unknown): RedirectOffer | null {
  if (!isPlainObject(loginResponse)) return null;
  const wellKnown = loginResponse.well_known;
  if (isPlainObject(wellKnown) && isPlainObject(wellKnown['m.homeserver'])) {
    return { raw: wellKnown['m.homeserver'].base_url, field: 'well_known' };
  }
  if ('base_cs_url' in loginResponse && loginResponse.base_cs_url !== undefined) {
    return { raw: loginResponse.base_cs_url, field: 'base_cs_url' };
  }
  return null;
}

/** The login response's well_known may suggest an identity server: a default only. */
export function identityServerOfferIn(loginResponse: unknown): unknown {
  if (!isPlainObject(loginResponse) || !isPlainObject(loginResponse.well_known)) return null;
  const is = loginResponse.well_known['m.identity_server'];
  return isPlainObject(is) ? is.base_url : null;
}
