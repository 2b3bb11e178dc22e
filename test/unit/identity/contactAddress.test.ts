/** normaliseContactAddress: what bulk lookups hash must match what servers hashed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseContactAddress } from '../../../electron/core/identity/lookup/contactAddress.js';
import { lookupKey } from '../../../electron/core/identity/lookup/lookupKey.js';
import { lookupKey as fixtureLookupKey } from '../../fixtures/identity/lookupHash.js';

const FUZZ = { numRuns: 10_000, seed: 11 };

describe('normaliseContactAddress', () => {
  it.each([
    [
      ' Alice@Example.ORG ',
      undefined,
      undefined,
      { medium: 'email', address: 'alice@example.org' },
    ],
    [
      'mailto:Bob@example.org',
      undefined,
      undefined,
      { medium: 'email', address: 'bob@example.org' },
    ],
    ['<bob@example.org>', undefined, undefined, { medium: 'email', address: 'bob@example.org' }],
    ['+44 7700 900123', undefined, undefined, { medium: 'msisdn', address: '447700900123' }],
    ['07700 900123', undefined, 'GB', { medium: 'msisdn', address: '447700900123' }],
    ['+44 (0)7700 900123', undefined, undefined, { medium: 'msisdn', address: '447700900123' }],
    // Found by the fuzzer: libphonenumber drops a "national prefix" 0 after +46, so the result
    // read again lost another digit. Numbers written with + keep their digits.
    ['+4600000000', undefined, undefined, { medium: 'msisdn', address: '4600000000' }],
    ['0044 7700 900123', undefined, undefined, { medium: 'msisdn', address: '447700900123' }],
    ['447700900123', undefined, undefined, { medium: 'msisdn', address: '447700900123' }],
    ['(202) 555-0123', undefined, 'US', { medium: 'msisdn', address: '12025550123' }],
    ['tel:+1-202-555-0123', undefined, undefined, { medium: 'msisdn', address: '12025550123' }],
  ])('%s (medium %s, country %s)', (input, medium, country, expected) => {
    expect(normaliseContactAddress(input, medium, country)).toEqual({ ok: true, ...expected });
  });

  it.each([
    ['', undefined, 'empty'],
    ['   ', undefined, 'empty'],
    ['a'.repeat(321), undefined, 'too long'],
    ['alice@', undefined, 'not an email address'],
    ['two@at@signs', undefined, 'not an email address'],
    ['12', undefined, 'not a phone number'],
    ['call me maybe', undefined, 'not a phone number'],
    ['alice@example.org', 'msisdn' as const, 'not a phone number'],
  ])('refuses %j', (input, medium, reason) => {
    expect(normaliseContactAddress(input, medium)).toEqual({ ok: false, reason });
  });

  it('hashes exactly as the identity server does', () => {
    const address = { medium: 'email' as const, address: 'alice@example.org' };
    expect(lookupKey('sha256', address, 'pepper')).toBe(
      fixtureLookupKey('sha256', 'email', 'alice@example.org', 'pepper'),
    );
    expect(lookupKey('none', address, 'pepper')).toBe('alice@example.org email');
  });

  it('never throws, and answers only hashable forms (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.emailAddress(), fc.stringMatching(/^\+?[\d ()-]{0,20}$/)),
        fc.constantFrom(undefined, 'email' as const, 'msisdn' as const),
        fc.constantFrom(undefined, 'GB', 'US', 'DE', 'xx'),
        (input, medium, country) => {
          const result = normaliseContactAddress(input, medium, country);
          if (!result.ok) return;
          if (result.medium === 'email') {
            expect(result.address).toBe(result.address.toLowerCase());
            expect(result.address).toMatch(/^[^\s@]+@[^\s@]+$/);
          } else {
            expect(result.address).toMatch(/^[1-9]\d{1,14}$/);
          }
          expect(result.address.length).toBeLessThanOrEqual(320);
        },
      ),
      FUZZ,
    );
  });

  it('is idempotent and ignores case and surrounding space (fuzzed)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '\t'), (email, pad) => {
        const first = normaliseContactAddress(`${pad}${email.toUpperCase()}${pad}`);
        const second = normaliseContactAddress(email);
        expect(first).toEqual(second);
        if (second.ok) expect(normaliseContactAddress(second.address)).toEqual(second);
      }),
      FUZZ,
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,13}$/), (phone) => {
        const first = normaliseContactAddress(phone);
        if (first.ok) expect(normaliseContactAddress(`+${first.address}`)).toEqual(first);
      }),
      FUZZ,
    );
  });
});
