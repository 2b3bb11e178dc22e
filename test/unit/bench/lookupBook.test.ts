/** lookup-10k's inputs and limit: the book the identity server is checked against, the target. */
import { describe, expect, it } from 'vitest';
import { lookupBook, lookupTimeLimitMs } from '../../bench/harness/lookupBook.js';

describe('lookup-10k book and limit', () => {
  it('gives distinct addresses, binding every n-th one and the last, to the given users', () => {
    const book = lookupBook(2_500, 1_000, (i) => `@person${i}:hs.example`);
    expect(book.entries).toHaveLength(2_500);
    expect(new Set(book.entries.map((e) => e.address)).size).toBe(2_500);
    expect(book.entries.every((e) => e.medium === null)).toBe(true);
    expect(book.bindings).toEqual([
      { address: 'person0@example.org', userId: '@person0:hs.example' },
      { address: 'person1000@example.org', userId: '@person1000:hs.example' },
      { address: 'person2000@example.org', userId: '@person2000:hs.example' },
      { address: 'person2499@example.org', userId: '@person2499:hs.example' },
    ]);
    expect(book.bindings.every((b) => book.entries.some((e) => e.address === b.address))).toBe(
      true,
    );
  });

  it('allows 1 s plus 10 round trips of the added delay', () => {
    expect(lookupTimeLimitMs(0)).toBe(1_000);
    expect(lookupTimeLimitMs(50)).toBe(1_500);
    expect(lookupTimeLimitMs(120)).toBe(2_200);
  });
});
