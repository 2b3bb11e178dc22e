/**
 * The identity server (IS) as an account setting (MSC2230, DESIGN.md "Identity server
 * resolution"), for one signed-in session. The session constructs it with an IdentityContext,
 * calls start() next to starting sync, routes the identity commands to the methods of the same
 * names, and calls signOut()/stop() when the session ends.
 *
 * What it guarantees:
 * - no request reaches any IS before m.identity_server is known for this login, and every IS
 *   request passes IdentityRequestGate;
 * - the account data is written only on explicit user action (change, disable), never to copy a
 *   default in;
 * - a change made on another device is reported (changedElsewhere) and the new server gets no
 *   email address or phone number until the user accepts its terms here;
 * - IS tokens never leave this module tree and are stored only sealed.
 *
 * It is a thin composition: the parts (IdentityParts.ts) own the facts, the flows
 * (ChangeFlow, DisableFlow, AcceptTermsFlow, LookupFlow, ChangedElsewhere) act on them.
 */
import type {
  BulkLookupCancelRequest,
  BulkLookupConsentNoneRequest,
  BulkLookupRequest,
  IdentityAcceptTermsRequest,
  IdentityChangeRequest,
  IdentityCheckRequest,
  LookupContactRequest,
} from './identityRequests.js';
import type { DisableImpact, IdentityCandidate, IdentityState } from './identityState.js';
import type { BulkLookupResult } from './lookup/bulkLookupTypes.js';
import type {
  ThreepidAddFinishRequest,
  ThreepidAddOutcome,
  ThreepidAddressRequest,
  ThreepidAddStartRequest,
  ThreepidAddSubmitCodeRequest,
  ThreepidHandleRequest,
  ThreepidListing,
  ThreepidShareSubmitRequest,
  ThreepidValidation,
  UnbindOutcome,
} from './threepids/threepidTypes.js';
import type { RetryDelayOptions } from '../net/ExponentialRetryDelay.js';
import { DEFAULT_RETRY_DELAY, Reconnector } from '../net/Reconnector.js';
import { acceptActiveTerms } from './AcceptTermsFlow.js';
import { ChangedElsewhere } from './ChangedElsewhere.js';
import { ChangeFlow } from './ChangeFlow.js';
import { DisableFlow } from './DisableFlow.js';
import { IdentityAccountDataFollower } from './IdentityAccountDataFollower.js';
import { IdentityAccountWriter } from './IdentityAccountWriter.js';
import type { IdentityContext } from './IdentityContext.js';
import { IdentityLocalStore } from './IdentityLocalStore.js';
import type { IdentityParts } from './IdentityParts.js';
import { IdentityRequestGate } from './IdentityRequestGate.js';
import { IdentityServerConnections } from './IdentityServerConnections.js';
import { IdentityServerSessions } from './IdentityServerSessions.js';
import { IdentityStatus } from './IdentityStatus.js';
import { lookupContact, lookupWithPepperRetry } from './LookupFlow.js';
import type { InviteLookup } from '../rooms/inviteByAddress.js';
import type { ContactAddress } from './lookup/contactAddress.js';
import { describeFailure } from './identityErrors.js';
import { BulkLookupFlow } from './lookup/BulkLookupFlow.js';
import { OwnWriteLog } from './OwnWriteLog.js';
import { termsNotSigned } from './termsOnDemand.js';
import { ThreepidCommands } from './threepids/ThreepidCommands.js';

export interface IdentityManagerOptions {
  /**
   * Waits between failed reads of m.identity_server when the context brings no Reconnector of
   * the session (default 1 s doubling to 60 s).
   */
  accountDataRetry?: RetryDelayOptions;
  /** First batch size of bulk lookups (default INITIAL_BATCH_SIZE); for tests. */
  bulkLookupBatchSize?: number;
}

export class IdentityManager {
  private readonly parts: IdentityParts;
  private readonly connections: IdentityServerConnections;
  private readonly changeFlow: ChangeFlow;
  private readonly disableFlow: DisableFlow;
  private readonly bulkLookupFlow: BulkLookupFlow;
  private readonly threepids: ThreepidCommands;

  constructor(ctx: IdentityContext, options: IdentityManagerOptions = {}) {
    const log = ctx.platform.log;
    const store = new IdentityLocalStore(ctx.platform, ctx.userId);
    const ownWrites = new OwnWriteLog();
    const changedElsewhere = new ChangedElsewhere(ownWrites);
    const follower = new IdentityAccountDataFollower({
      client: ctx.client,
      log,
      onUpdate: (update, previous) => changedElsewhere.react(this.parts, update, previous),
      reconnector:
        ctx.reconnector ??
        new Reconnector({
          clock: ctx.platform.clock,
          server: ctx.client.getHomeserverUrl(),
          log,
          delay: options.accountDataRetry ?? DEFAULT_RETRY_DELAY,
          detectWake: false,
        }),
    });
    const status = new IdentityStatus(follower, ctx.defaults, store, ctx.emit);
    this.connections = new IdentityServerConnections(
      ctx.platform.fetch,
      () => ctx.client.getHomeserverUrl(),
      log,
    );
    const gate = new IdentityRequestGate(
      {
        known: follower.known,
        activeUrl: () => status.resolution().url,
        whyNoActiveServer: () => status.whyNoActiveServer(),
        termsAccepted: (url) => store.hasAcceptedTerms(url),
      },
      (url) => this.connections.get(url),
    );
    this.parts = {
      ctx,
      log,
      store,
      follower,
      status,
      gate,
      sessions: new IdentityServerSessions(gate, store, ctx.client, log, (url) =>
        termsNotSigned(store, () => status.emitIfChanged(), url),
      ),
      writer: new IdentityAccountWriter(ctx.client, ownWrites),
    };
    this.changeFlow = new ChangeFlow(this.parts);
    this.disableFlow = new DisableFlow(this.parts);
    this.bulkLookupFlow = new BulkLookupFlow(
      this.parts,
      (progress) => ctx.emitBulkLookupProgress?.(progress),
      options.bulkLookupBatchSize,
    );
    this.threepids = new ThreepidCommands(this.parts);
  }

  // ---- Lifecycle -----------------------------------------------------------------------------

  /**
   * Starts reading m.identity_server (directly, not via the initial sync; failures are retried
   * in the background while the source stays 'pending') and following its changes. Resolves at
   * once, without waiting for any answer, and never rejects: it cannot hold up sync start-up.
   * whenKnown() says when the answer is in.
   */
  async start(): Promise<void> {
    this.parts.follower.start();
  }

  /** Resolves once m.identity_server is known; rejects if stop() comes first. */
  whenKnown(): Promise<void> {
    return this.parts.follower.known;
  }

  /** Removes listeners, cancels retries and aborts identity-server requests in flight. */
  stop(): void {
    this.parts.follower.stop();
    this.bulkLookupFlow.cancelAll();
    this.threepids.stop();
    this.connections.stop();
  }

  /**
   * When the session is over for good (sign-out, or the server ended it: a hard logout): forget
   * every stored IS token, the accepted terms and the last active server at once, then log out
   * of every IS this app was registered with. Makes no IS request while m.identity_server is
   * still unknown. Never throws.
   */
  async signOut(): Promise<void> {
    const { store, follower, sessions } = this.parts;
    // Every server this app is registered with, not only the active one: a server left behind
    // by a change on another device still holds a live token otherwise.
    const held = store.serversWithTokens().map((url) => ({ url, token: store.getToken(url) }));
    store.forgetUser();
    store.deleteAllTokens();
    if (!follower.isKnown) return;
    await Promise.all(held.map(({ url, token }) => sessions.retire(url, token)));
  }

  state(): IdentityState {
    return this.parts.status.state();
  }

  // ---- Commands (AppCore routes the commands of the same names here) -------------------------

  identityCheck(request: IdentityCheckRequest): Promise<IdentityCandidate> {
    return this.changeFlow.check(request);
  }

  identityChange(request: IdentityChangeRequest): Promise<IdentityState> {
    return this.changeFlow.change(request);
  }

  identityDisableCheck(): Promise<DisableImpact> {
    return this.disableFlow.check();
  }

  identityDisable(): Promise<IdentityState> {
    return this.disableFlow.disable();
  }

  identityDefaultCheck(): Promise<IdentityCandidate | null> {
    return this.changeFlow.defaultCheck();
  }

  identityAcceptTerms(request: IdentityAcceptTermsRequest): Promise<IdentityState> {
    return acceptActiveTerms(this.parts, request);
  }

  async identityDismissNotice(): Promise<IdentityState> {
    this.parts.status.setChangedElsewhere(null);
    this.parts.status.emitIfChanged();
    return this.state();
  }

  lookupContact(request: LookupContactRequest): Promise<{ userId: string | null }> {
    return lookupContact(this.parts, request);
  }

  /**
   * For an invitation by address (rooms/inviteByAddress.ts): the hashed lookup of `contact` on
   * the active server, then `then` with the answer and what a third-party invite needs (the
   * server's host and this app's token there). The gate is asked first, so without a server or
   * its terms nothing is sent; all of it runs inside withToken, so new terms take the
   * terms-on-demand path. The token goes no further than `then`, in this process.
   */
  async lookupForInvite<T>(
    contact: ContactAddress,
    then: (found: InviteLookup) => Promise<T>,
  ): Promise<T> {
    const { status, sessions, gate } = this.parts;
    const url = await status.activeServer();
    await gate.open(url, 'threepid');
    const what = contact.medium === 'email' ? 'email address' : 'phone number';
    try {
      return await sessions.withToken(url, 'threepid', async (connection, token) => {
        const userId = await lookupWithPepperRetry(
          connection,
          token,
          contact.medium,
          contact.address,
          () => gate.open(url, 'threepid'),
        );
        return then({ userId, server: url, idServer: new URL(url).host, idAccessToken: token });
      });
    } catch (error) {
      throw describeFailure('identity server', url, `looking up that ${what}`, error);
    }
  }

  bulkLookup(request: BulkLookupRequest): Promise<BulkLookupResult> {
    return this.bulkLookupFlow.lookup(request);
  }

  async bulkLookupCancel(request: BulkLookupCancelRequest): Promise<{
    cancelled: boolean;
  }> {
    return this.bulkLookupFlow.cancel(request);
  }

  bulkLookupConsentNone(
    request: BulkLookupConsentNoneRequest,
  ): Promise<{ server: string; allowed: boolean }> {
    return this.bulkLookupFlow.consentNone(request);
  }

  // ---- Email addresses and phone numbers (threepids/) -----------------------------------------

  threepidList(): Promise<ThreepidListing> {
    return this.threepids.list();
  }

  threepidShareStart(r: ThreepidAddressRequest): Promise<ThreepidValidation> {
    return this.threepids.share.start(r);
  }

  threepidShareResend(r: ThreepidHandleRequest): Promise<ThreepidValidation> {
    return this.threepids.share.resend(r);
  }

  threepidShareSubmit(r: ThreepidShareSubmitRequest): Promise<ThreepidListing> {
    return this.threepids.share.submit(r);
  }

  threepidStopSharing(r: ThreepidAddressRequest): Promise<UnbindOutcome> {
    return this.threepids.share.stop(r);
  }

  threepidAddStart(r: ThreepidAddStartRequest): Promise<ThreepidValidation> {
    return this.threepids.add.start(r);
  }

  threepidAddResend(r: ThreepidHandleRequest): Promise<ThreepidValidation> {
    return this.threepids.add.resend(r);
  }

  threepidAddSubmitCode(r: ThreepidAddSubmitCodeRequest): Promise<ThreepidValidation> {
    return this.threepids.add.submitCode(r);
  }

  threepidAddFinish(r: ThreepidAddFinishRequest): Promise<ThreepidAddOutcome> {
    return this.threepids.add.finish(r);
  }

  threepidRemove(r: ThreepidAddressRequest): Promise<UnbindOutcome> {
    return this.threepids.add.remove(r);
  }

  async threepidCancel(r: ThreepidHandleRequest): Promise<{ cancelled: boolean }> {
    return this.threepids.cancel(r);
  }
}
