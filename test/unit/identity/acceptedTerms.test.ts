import { describe, expect, it } from 'vitest';
import { mergeAcceptedTerms } from '../../../electron/core/identity/acceptedTerms.js';

describe('mergeAcceptedTerms', () => {
  it('creates the list when there is no event', () => {
    expect(mergeAcceptedTerms(null, ['https://is.example/terms'])).toEqual({
      content: { accepted: ['https://is.example/terms'] },
      changed: true,
    });
  });

  it("keeps other clients' entries and other keys, adding only what is new", () => {
    const existing = {
      accepted: ['https://integrations.example/tos', 'https://is.example/privacy'],
      'org.example.other': { keep: true },
    };
    expect(
      mergeAcceptedTerms(existing, ['https://is.example/privacy', 'https://is.example/tos']),
    ).toEqual({
      content: {
        accepted: [
          'https://integrations.example/tos',
          'https://is.example/privacy',
          'https://is.example/tos',
        ],
        'org.example.other': { keep: true },
      },
      changed: true,
    });
  });

  it('reports no change when everything is already accepted', () => {
    const existing = { accepted: ['https://is.example/tos'] };
    expect(mergeAcceptedTerms(existing, ['https://is.example/tos'])).toEqual({
      content: existing,
      changed: false,
    });
  });

  it('keeps entries it does not understand, and does not modify its input', () => {
    const existing = { accepted: [42, { odd: true }, 'https://a.example'] };
    const merged = mergeAcceptedTerms(existing, ['https://b.example']);
    expect(merged.content.accepted).toEqual([
      42,
      { odd: true },
      'https://a.example',
      'https://b.example',
    ]);
    expect(existing.accepted).toHaveLength(3);
  });

  it('replaces an unusable accepted value, keeping the other keys', () => {
    expect(mergeAcceptedTerms({ accepted: 'oops', other: 1 }, ['https://b.example'])).toEqual({
      content: { accepted: ['https://b.example'], other: 1 },
      changed: true,
    });
    expect(mergeAcceptedTerms(['not', 'an', 'object'], ['https://b.example']).content).toEqual({
      accepted: ['https://b.example'],
    });
  });
});
