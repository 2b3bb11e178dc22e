/**
 * The pieces one session's identity handling is made of, built once by IdentityManager and
 * handed to each flow. Each fact has one owner: the follower owns the account data, the status
 * owns the emitted state and the notice, the store owns what is kept locally, the sessions own
 * IS tokens, the gate decides whether a request may go out at all.
 */
import type { Logger } from '../platform.js';
import type { IdentityAccountDataFollower } from './IdentityAccountDataFollower.js';
import type { IdentityAccountWriter } from './IdentityAccountWriter.js';
import type { IdentityContext } from './IdentityContext.js';
import type { IdentityLocalStore } from './IdentityLocalStore.js';
import type { IdentityRequestGate } from './IdentityRequestGate.js';
import type { IdentityServerSessions } from './IdentityServerSessions.js';
import type { IdentityStatus } from './IdentityStatus.js';

export interface IdentityParts {
  readonly ctx: IdentityContext;
  readonly log: Logger;
  readonly store: IdentityLocalStore;
  readonly follower: IdentityAccountDataFollower;
  readonly status: IdentityStatus;
  readonly gate: IdentityRequestGate;
  readonly sessions: IdentityServerSessions;
  readonly writer: IdentityAccountWriter;
}
