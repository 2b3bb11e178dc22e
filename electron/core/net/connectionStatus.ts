/**
 * Whether the session's live updates (its /sync and the account-data reads) reach the homeserver.
 * `attempt` counts consecutive failures; `retryInMs` is the wait from the moment of the event
 * (0: trying now), `nextTryAt` the same moment on main's clock. `offline` is `reconnecting` after
 * several failures in a row (the SDK's SyncState.Error threshold): the app still retries.
 * `server` is the homeserver's host and `problem` a short description of the last failure, for
 * the user to read. Fed by SyncRequestRetrier, which sits under the SDK's own sync loop.
 */
export type ConnectionStatus =
  | { state: 'connected' }
  | {
      state: 'reconnecting' | 'offline';
      server: string;
      problem: string;
      attempt: number;
      retryInMs: number;
      nextTryAt: number;
    };
