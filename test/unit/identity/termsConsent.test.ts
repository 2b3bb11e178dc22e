import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../electron/ipc/contract.js';
import { policyUrlsToAccept } from '../../../electron/core/identity/termsConsent.js';
import { UserFacingError } from '../../../electron/core/UserFacingError.js';

const policies: Policy[] = [
  { id: 'tos', name: 'Terms of Service', url: 'https://is.example/tos', version: '1' },
  { id: 'privacy', name: 'Privacy Policy', url: 'https://is.example/privacy', version: '1' },
];

describe('policyUrlsToAccept', () => {
  it('answers every policy URL when all are accepted, ignoring unknown extras', () => {
    expect(
      policyUrlsToAccept(
        'https://is.example',
        policies,
        ['https://is.example/privacy', 'https://elsewhere.example', 'https://is.example/tos'],
        false,
      ),
    ).toEqual(['https://is.example/tos', 'https://is.example/privacy']);
  });

  it('names the server and the policies that were not accepted', () => {
    const attempt = () =>
      policyUrlsToAccept('https://is.example', policies, ['https://is.example/tos'], true);
    expect(attempt).toThrow(UserFacingError);
    expect(attempt).toThrow(/https:\/\/is\.example.*"Privacy Policy"/);
  });

  it('requires explicit confirmation for a server without terms', () => {
    expect(() => policyUrlsToAccept('https://is.example', [], [], false)).toThrow(
      /publishes no terms/,
    );
    expect(policyUrlsToAccept('https://is.example', [], [], true)).toEqual([]);
  });
});
