/**
 * lookup-10k's inputs and limit, kept apart from the scenario so they can be unit-tested: a
 * synthetic address book (distinct addresses, a known few of them bound at the identity server)
 * and the time limit, which grows with the harness's added delay (1 s of work plus 10 round
 * trips, issue 14).
 */
import type { CommandRequest } from '../../../electron/ipc/contract.js';

export interface LookupBook {
  entries: CommandRequest<'bulkLookup'>['entries'];
  /** The addresses the identity server will answer with a user, and who. */
  bindings: { address: string; userId: string }[];
}

/**
 * `count` distinct email addresses; every `boundEvery`-th one (from the first) and the last are
 * bound to `userIdOf(i)`, so the result can be checked, not just counted.
 */
export function lookupBook(
  count: number,
  boundEvery: number,
  userIdOf: (i: number) => string,
): LookupBook {
  const entries: LookupBook['entries'] = [];
  const bindings: LookupBook['bindings'] = [];
  for (let i = 0; i < count; i += 1) {
    const address = `person${i}@example.org`;
    entries.push({ address, medium: null });
    if (i % boundEvery === 0 || i === count - 1) bindings.push({ address, userId: userIdOf(i) });
  }
  return { entries, bindings };
}

export const LOOKUP_BUDGET_MS = 1_000;
export const LOOKUP_MAX_ROUND_TRIPS = 10;
export const LOOKUP_MAX_REQUESTS = 10;

/** The time target: 1 s plus 10 round trips of the added delay. */
export function lookupTimeLimitMs(delayMs: number): number {
  return LOOKUP_BUDGET_MS + LOOKUP_MAX_ROUND_TRIPS * delayMs;
}
