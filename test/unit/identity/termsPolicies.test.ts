import { describe, expect, it } from 'vitest';
import { BadServerResponse } from '../../../electron/core/identity/BadServerResponse.js';
import {
  isSafeDocumentUrl,
  parseTermsPolicies,
} from '../../../electron/core/identity/termsPolicies.js';

describe('parseTermsPolicies', () => {
  it('picks the English document of each policy, else the first language', () => {
    const body = {
      policies: {
        terms_of_service: {
          version: '2.0',
          de: { name: 'Nutzungsbedingungen', url: 'https://is.example/tos-de' },
          en: { name: 'Terms of Service', url: 'https://is.example/tos-en' },
        },
        privacy_policy: {
          version: '1.2',
          fr: { name: 'Confidentialité', url: 'https://is.example/privacy-fr' },
          de: { name: 'Datenschutz', url: 'https://is.example/privacy-de' },
        },
      },
    };
    expect(parseTermsPolicies(body)).toEqual([
      {
        id: 'terms_of_service',
        name: 'Terms of Service',
        url: 'https://is.example/tos-en',
        version: '2.0',
      },
      {
        id: 'privacy_policy',
        name: 'Confidentialité',
        url: 'https://is.example/privacy-fr',
        version: '1.2',
      },
    ]);
  });

  it('answers no policies for a server without terms', () => {
    expect(parseTermsPolicies({ policies: {} })).toEqual([]);
    expect(parseTermsPolicies({})).toEqual([]);
  });

  it.each([
    ['a list', []],
    ['a string', 'terms'],
    ['policies as a list', { policies: [] }],
    [
      'a policy without version',
      { policies: { p: { en: { name: 'n', url: 'https://x.example' } } } },
    ],
    [
      'a numeric version',
      { policies: { p: { version: 1, en: { name: 'n', url: 'https://x.example' } } } },
    ],
    ['a policy without documents', { policies: { p: { version: '1' } } }],
    [
      'a document without name',
      { policies: { p: { version: '1', en: { url: 'https://x.example' } } } },
    ],
    [
      'a javascript: link',
      { policies: { p: { version: '1', en: { name: 'n', url: 'javascript:alert(1)' } } } },
    ],
    [
      'an http link off loopback',
      { policies: { p: { version: '1', en: { name: 'n', url: 'http://x.example' } } } },
    ],
    [
      'a huge name',
      {
        policies: { p: { version: '1', en: { name: 'n'.repeat(1000), url: 'https://x.example' } } },
      },
    ],
    [
      'too many policies',
      {
        policies: Object.fromEntries(
          Array.from({ length: 65 }, (_, i) => [
            `p${i}`,
            { version: '1', en: { name: 'n', url: 'https://x.example' } },
          ]),
        ),
      },
    ],
  ])('rejects %s', (_, body) => {
    expect(() => parseTermsPolicies(body)).toThrow(BadServerResponse);
  });
});

describe('isSafeDocumentUrl', () => {
  it.each(['https://is.example/tos?lang=en#top', 'http://127.0.0.1:8090/terms'])(
    'allows %s',
    (url) => {
      expect(isSafeDocumentUrl(url)).toBe(true);
    },
  );
  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://is.example/tos',
    'https://u:p@is.example',
    42,
  ])('refuses %j', (url) => {
    expect(isSafeDocumentUrl(url)).toBe(false);
  });
});
