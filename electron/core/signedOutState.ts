/**
 * What the core reports while nobody is signed in: at start before any sign-in, and after a
 * session ends. AppCore answers with these; the sign-in page drawn at build time is drawn from
 * the same state (window/firstPage.ts), so the two cannot drift apart.
 */
import type { IdentityState } from './identity/identityState.js';
import type { ConnectionStatus } from './net/connectionStatus.js';
import type { SessionState } from './session/sessionState.js';

/** Nobody signed in, nothing to say (also what the window is told before the session code loads). */
export const SIGNED_OUT: SessionState = { status: 'signedOut', notice: null };

export const NO_IDENTITY_SERVER: IdentityState = {
  url: null,
  source: 'none',
  disabledByAccount: false,
  termsAccepted: false,
  changedElsewhere: null,
};

/** Without a session there is no connection to watch: nothing for the indicator to say. */
export const NO_CONNECTION_TROUBLE: ConnectionStatus = { state: 'connected' };

/** The whole of `getState`'s answer then (the contract's AppState). */
export const SIGNED_OUT_STATE = {
  session: SIGNED_OUT,
  identity: NO_IDENTITY_SERVER,
  connection: NO_CONNECTION_TROUBLE,
} satisfies {
  session: SessionState;
  identity: IdentityState;
  connection: ConnectionStatus;
};
