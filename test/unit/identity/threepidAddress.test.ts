import { describe, expect, it } from 'vitest';
import { normaliseThreepidAddress } from '../../../electron/core/identity/threepidAddress.js';

describe('normaliseThreepidAddress', () => {
  it('trims email addresses', () => {
    expect(normaliseThreepidAddress('email', '  Alice@Example.org ')).toBe('Alice@Example.org');
  });
  it.each(['alice', 'alice@', '@example.org', 'a b@example.org'])(
    'rejects the email %j',
    (input) => {
      expect(() => normaliseThreepidAddress('email', input)).toThrow(/not an email address/);
    },
  );
  it.each([
    ['+44 7700-900 123', '447700900123'],
    ['(1) 555.0100 99', '1555010099'],
    ['447700900123', '447700900123'],
  ])('turns the phone number %j into %j', (input, expected) => {
    expect(normaliseThreepidAddress('msisdn', input)).toBe(expected);
  });
  it.each(['07700 900123', '12', '+44 77OO', '1234567890123456'])(
    'rejects the phone number %j',
    (input) => {
      expect(() => normaliseThreepidAddress('msisdn', input)).toThrow(/international form/);
    },
  );
});
