import type { ValidatedAuthMetadata } from 'matrix-js-sdk';
import type { Platform } from '../../platform.js';
import type { BusyStep } from '../../session/sessionState.js';
import type { SessionRecord, SessionSecrets } from '../../session/SessionVault.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { LoginFlows } from '../discovery.js';
import type { DeviceGrantPrompt } from './DeviceGrantLoginMethod.js';

/**
 * What every sign-in method (password, SSO, OAuth 2.0, device grant) shares: it is given the
 * server to sign in to, explicitly, and answers with the new session to store, or throws a
 * UserFacingError naming the server and what failed. The coordinator (SessionManager) owns the
 * state machine around it: busy/cancel, the soft-logout screen, storing and opening the session.
 */
export interface SignInTarget {
  /** The server signed in at: the discovery result, or the soft-logged-out session's. */
  serverUrl: string;
  /** Set when signing in again after a soft logout: the device (and its id) is kept. */
  deviceId: string | undefined;
  /** Set when signing in again after a soft logout: only this user may resume it. */
  expectedUserId: string | undefined;
  /** The identity server the discovery .well-known named (a default only). */
  identityDefault: string | null;
  /** The server's sign-in methods (null: unknown, a record from before they were kept). */
  flows: LoginFlows | null;
  /**
   * The server's OAuth 2.0 metadata as discovery read and validated it moments before; absent
   * (read again) after a soft logout, when it may be long out of date.
   */
  authMetadata?: ValidatedAuthMetadata;
}

export interface SignInContext {
  readonly platform: Platform;
  readonly target: SignInTarget;
  /** Aborted when the user cancels: every wait of the method must end on it. */
  readonly signal: AbortSignal;
  /**
   * What the sign-in is doing now (the busy state the window shows); the device grant adds the
   * code to show while it waits (`waitingForDevice`).
   */
  progress(step: BusyStep, deviceGrant?: DeviceGrantPrompt): void;
}

/** A sign-in that worked: what to keep and open. */
export interface NewSession {
  record: SessionRecord;
  secrets: SessionSecrets;
  /**
   * The new session will not be used after all (it could not be stored or opened): end it on
   * the server in the background, so it does not linger in the account's session list.
   */
  discard(): void;
}

export interface SignInMethod {
  signIn(context: SignInContext): Promise<NewSession>;
}

/** After a soft logout only the same user may resume the session (and its device). */
export function requireExpectedUser(target: SignInTarget, userId: string): void {
  if (target.expectedUserId !== undefined && userId !== target.expectedUserId) {
    throw new UserFacingError(
      'WRONG_USER',
      `That signed in as ${userId}, but this session belongs to ${target.expectedUserId}.`,
    );
  }
}
