/**
 * The bridge for later: when sync moves to matrix-js-sdk's own loop (rooms and messages), its
 * `ClientEvent.Sync` states feed the same connection indicator through this function. Not used
 * yet; kept small and tested so that move does not have to redesign the status.
 *
 * The SDK says *that* it is retrying, not *when* (its keep-alive polls /versions on its own
 * schedule), so the caller supplies the failure count and the wait it knows of.
 */
import { SyncState } from 'matrix-js-sdk';
import type { ConnectionStatus } from './connectionStatus.js';
import { connectionProblem } from './connectionProblem.js';
import { hostOf } from './describeRequestError.js';

export interface SdkRetryFacts {
  server: string;
  /** SyncStateData.error of the event, if any. */
  error?: Error | undefined;
  /** Consecutive failed syncs so far. */
  attempt: number;
  retryInMs: number;
  now: number;
}

/** The status for an SDK sync state; null for Stopped (no loop: nothing to show). */
export function connectionStatusFromSdk(
  state: SyncState,
  facts: SdkRetryFacts,
): ConnectionStatus | null {
  // Catchup: the keep-alive got through and the loop is fetching what it missed.
  // Error: past the SDK's failure threshold (or a hard error); it keeps trying all the same.
  switch (state) {
    case SyncState.Prepared:
    case SyncState.Syncing:
    case SyncState.Catchup:
      return { state: 'connected' };
    case SyncState.Reconnecting:
    case SyncState.Error:
      return {
        state: state === SyncState.Error ? 'offline' : 'reconnecting',
        server: hostOf(facts.server),
        problem: connectionProblem(facts.error),
        attempt: Math.max(1, facts.attempt),
        retryInMs: Math.max(0, facts.retryInMs),
        nextTryAt: facts.now + Math.max(0, facts.retryInMs),
      };
    case SyncState.Stopped:
      return null;
  }
}
