import { describe, expect, it } from 'vitest';
import { identifierFor } from '../../../electron/core/login/passwordIdentifier.js';

describe('identifierFor', () => {
  it('sends a full Matrix ID or a localpart as m.id.user', () => {
    expect(identifierFor('@alice:example.org')).toEqual({
      type: 'm.id.user',
      user: '@alice:example.org',
    });
    expect(identifierFor('alice')).toEqual({ type: 'm.id.user', user: 'alice' });
  });

  it('sends an email address as m.id.thirdparty', () => {
    expect(identifierFor('Alice@Example.org')).toEqual({
      type: 'm.id.thirdparty',
      medium: 'email',
      address: 'alice@example.org',
    });
  });

  it('sends an international phone number as m.id.phone with its country', () => {
    expect(identifierFor('+44 20 7946 0958')).toEqual({
      type: 'm.id.phone',
      country: 'GB',
      phone: '2079460958',
    });
    expect(identifierFor('+1 202-555-0143')).toEqual({
      type: 'm.id.phone',
      country: 'US',
      phone: '2025550143',
    });
  });

  it('sends a number with no single country as an MSISDN', () => {
    expect(identifierFor('+44 7700 900001')).toEqual({
      type: 'm.id.thirdparty',
      medium: 'msisdn',
      address: '447700900001',
    });
  });

  it('explains what is wrong with unusable input', () => {
    expect(() => identifierFor('@alice')).toThrow(/not a Matrix ID/);
    expect(() => identifierFor('0123 456 789')).toThrow(/international form/);
    expect(() => identifierFor('two words')).toThrow(/not a user name/);
  });
});
