import { describe, expect, it } from 'vitest';
import {
  identityServerOfferIn,
  redirectOfferIn,
} from '../../../electron/core/login/redirectTarget.js';

const base = { user_id: '@a:x', access_token: 't', device_id: 'D' };

describe('redirectOfferIn', () => {
  it('reads the spec well_known', () => {
    const offer = redirectOfferIn({
      ...base,
      well_known: { 'm.homeserver': { base_url: 'https://hs1' } },
    });
    expect(offer).toEqual({ raw: 'https://hs1', field: 'well_known' });
  });

  it("reads the draft's base_cs_url", () => {
    expect(redirectOfferIn({ ...base, base_cs_url: 'https://hs2' })).toEqual({
      raw: 'https://hs2',
      field: 'base_cs_url',
    });
  });

  it('prefers well_known when both are present', () => {
    const offer = redirectOfferIn({
      ...base,
      base_cs_url: 'https://draft',
      well_known: { 'm.homeserver': { base_url: 'https://spec' } },
    });
    expect(offer).toEqual({ raw: 'https://spec', field: 'well_known' });
  });

  it('finds nothing when neither is present, or well_known lacks m.homeserver', () => {
    expect(redirectOfferIn(base)).toBeNull();
    expect(redirectOfferIn({ ...base, well_known: { 'm.identity_server': {} } })).toBeNull();
  });

  it('passes odd values through raw for validation to reject', () => {
    expect(redirectOfferIn({ ...base, base_cs_url: 42 })).toEqual({
      raw: 42,
      field: 'base_cs_url',
    });
  });
});

describe('identityServerOfferIn', () => {
  it('reads the identity server suggested by well_known', () => {
    const response = { ...base, well_known: { 'm.identity_server': { base_url: 'https://is' } } };
    expect(identityServerOfferIn(response)).toBe('https://is');
    expect(identityServerOfferIn(base)).toBeNull();
  });
});
