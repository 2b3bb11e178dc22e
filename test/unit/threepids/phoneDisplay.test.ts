import { describe, expect, it } from 'vitest';
import { formatMsisdn } from '../../../renderer/src/lib/phoneDisplay.js';

describe('formatMsisdn', () => {
  it('shows a number from the default country in national form', () => {
    expect(formatMsisdn('447911123456', 'GB')).toBe('07911 123456');
  });
  it('shows other numbers, or with no default country, in international form', () => {
    expect(formatMsisdn('447911123456', 'FR')).toBe('+44 7911 123456');
    expect(formatMsisdn('447911123456', null)).toBe('+44 7911 123456');
  });
  it('falls back to +digits for what it cannot read', () => {
    expect(formatMsisdn('999', null)).toBe('+999');
  });
});
