import type { MatrixClient } from 'matrix-js-sdk';
import type { IdentityState } from './identityState.js';
import type { BulkLookupProgress } from './lookup/bulkLookupTypes.js';
import type { Reconnector } from '../net/Reconnector.js';
import type { Platform } from '../platform.js';

/**
 * What the identity-server logic is given by the signed-in session. The client is already
 * authenticated and points at the session's homeserver (the redirect target when routed); its
 * requests refresh tokens by themselves. The session runs /sync on it, so ClientEvent.AccountData
 * fires for live changes.
 */
export interface IdentityContext {
  readonly platform: Platform;
  readonly client: MatrixClient;
  readonly userId: string;
  /** Lower-priority sources, in DESIGN.md's resolution order after the account data. */
  readonly defaults: IdentityDefaults;
  /** Tell the renderer (via main) about a new state; called once per real change. */
  emit(state: IdentityState): void;
  /** Tell the renderer how far a bulk lookup got (absent: nobody is told). */
  emitBulkLookupProgress?(progress: BulkLookupProgress): void;
  /** The session's reconnect loop, shared with its /sync (absent: the manager makes its own). */
  readonly reconnector?: Reconnector;
}

export interface IdentityDefaults {
  /** well_known["m.identity_server"].base_url from the login response. */
  readonly login: string | null;
  /** m.identity_server from the discovery .well-known. */
  readonly discovery: string | null;
  /** Admin/app configuration default. */
  readonly app: string | null;
}
