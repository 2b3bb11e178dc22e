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
 */
import type {
  CommandHandlers,
  CommandRequest,
  DisableImpact,
  IdentityCandidate,
  IdentityState,
  Policy,
} from '../../ipc/contract.js';
import { UserFacingError } from '../UserFacingError.js';
import type { RetryDelayOptions } from '../net/ExponentialRetryDelay.js';
import { DEFAULT_RETRY_DELAY, Reconnector } from '../net/Reconnector.js';
import { parseAccountThreepids } from './accountThreepids.js';
import {
  IdentityAccountDataFollower,
  type AccountDataUpdate,
} from './IdentityAccountDataFollower.js';
import { IdentityAccountWriter } from './IdentityAccountWriter.js';
import type { IdentityContext } from './IdentityContext.js';
import { describeFailure, errcodeOf } from './identityErrors.js';
import { IdentityLocalStore } from './IdentityLocalStore.js';
import { IdentityRequestGate } from './IdentityRequestGate.js';
import { IdentityServerConnection, type ThreepidMedium } from './IdentityServerConnection.js';
import { createIdentityServerFetch } from './identityServerFetch.js';
import { IdentityServerSessions } from './IdentityServerSessions.js';
import { checkIdentityServerUrl, userInputToUrl } from './identityServerUrl.js';
import { OwnWriteLog } from './OwnWriteLog.js';
import {
  resolveIdentityServer,
  type AccountDataStatus,
  type Resolution,
} from './resolveIdentityServer.js';
import { normaliseThreepidAddress } from './threepidAddress.js';
import { policyUrlsToAccept } from './termsConsent.js';

/** The contract commands this class answers. */
export type IdentityCommandName =
  | 'identityCheck'
  | 'identityChange'
  | 'identityDisableCheck'
  | 'identityDisable'
  | 'identityDefaultCheck'
  | 'identityAcceptTerms'
  | 'identityDismissNotice'
  | 'lookupContact';
export type IdentityCommandHandlers = Pick<CommandHandlers, IdentityCommandName>;

export interface IdentityManagerOptions {
  /**
   * Waits between failed reads of m.identity_server when the context brings no Reconnector of
   * the session (default 1 s doubling to 60 s).
   */
  accountDataRetry?: RetryDelayOptions;
}

export class IdentityManager implements IdentityCommandHandlers {
  private readonly log;
  private readonly store: IdentityLocalStore;
  private readonly follower: IdentityAccountDataFollower;
  private readonly gate: IdentityRequestGate;
  private readonly sessions: IdentityServerSessions;
  private readonly writer: IdentityAccountWriter;
  private readonly ownWrites = new OwnWriteLog();
  private readonly stopController = new AbortController();
  private readonly connections = new Map<string, IdentityServerConnection>();
  private readonly identityServerFetch: typeof globalThis.fetch;
  private changedElsewhere: IdentityState['changedElsewhere'] = null;
  /** What is known of m.identity_server: the follower's answers, and our own writes. */
  private accountData: AccountDataStatus = { kind: 'pending' };
  private lastEmitted: string;

  constructor(
    private readonly ctx: IdentityContext,
    options: IdentityManagerOptions = {},
  ) {
    this.log = ctx.platform.log;
    this.store = new IdentityLocalStore(ctx.platform, ctx.userId);
    this.identityServerFetch = createIdentityServerFetch(
      ctx.platform.fetch,
      this.stopController.signal,
    );
    this.follower = new IdentityAccountDataFollower({
      client: ctx.client,
      log: this.log,
      onUpdate: (update) => this.onAccountData(update),
      reconnector:
        ctx.reconnector ??
        new Reconnector({
          clock: ctx.platform.clock,
          server: ctx.client.getHomeserverUrl(),
          log: this.log,
          delay: options.accountDataRetry ?? DEFAULT_RETRY_DELAY,
          detectWake: false,
        }),
    });
    this.gate = new IdentityRequestGate(
      {
        known: this.follower.known,
        activeUrl: () => this.resolution().url,
        whyNoActiveServer: () => this.whyNoActiveServer(),
        termsAccepted: (url) => this.store.hasAcceptedTerms(url),
      },
      (url) => this.connectionFor(url),
    );
    this.sessions = new IdentityServerSessions(this.gate, this.store, ctx.client, this.log);
    this.writer = new IdentityAccountWriter(ctx.client, this.ownWrites);
    this.lastEmitted = JSON.stringify(this.state());
  }

  // ---- Lifecycle -----------------------------------------------------------------------------

  /**
   * Starts reading m.identity_server (directly, not via the initial sync; failures are retried
   * in the background while the source stays 'pending') and following its changes. Resolves at
   * once, without waiting for any answer, and never rejects: it cannot hold up sync start-up.
   * whenKnown() says when the answer is in.
   */
  async start(): Promise<void> {
    this.follower.start();
  }

  /** Resolves once m.identity_server is known; rejects if stop() comes first. */
  whenKnown(): Promise<void> {
    return this.follower.known;
  }

  /** Removes listeners, cancels retries and aborts identity-server requests in flight. */
  stop(): void {
    this.follower.stop();
    this.stopController.abort();
  }

  /**
   * When the session is over for good (sign-out, or the server ended it: a hard logout): forget
   * every stored IS token, the accepted terms and the last active server at once, then log out
   * of every IS this app was registered with. Makes no IS request while m.identity_server is
   * still unknown. Never throws.
   */
  async signOut(): Promise<void> {
    // Every server this app is registered with, not only the active one: a server left behind
    // by a change on another device still holds a live token otherwise.
    const held = this.store
      .serversWithTokens()
      .map((url) => ({ url, token: this.store.getToken(url) }));
    this.store.forgetUser();
    this.store.deleteAllTokens();
    if (!this.follower.isKnown) return;
    await Promise.all(held.map(({ url, token }) => this.sessions.retire(url, token)));
  }

  state(): IdentityState {
    const { url, source, disabledByAccount } = this.resolution();
    return {
      url,
      source,
      disabledByAccount,
      termsAccepted: url !== null && this.store.hasAcceptedTerms(url),
      changedElsewhere: this.changedElsewhere,
    };
  }

  // ---- Commands ------------------------------------------------------------------------------

  /** The command methods bound to this manager, to merge into the app's CommandHandlers. */
  commandHandlers(): IdentityCommandHandlers {
    return {
      identityCheck: (request) => this.identityCheck(request),
      identityChange: (request) => this.identityChange(request),
      identityDisableCheck: () => this.identityDisableCheck(),
      identityDisable: () => this.identityDisable(),
      identityDefaultCheck: () => this.identityDefaultCheck(),
      identityAcceptTerms: (request) => this.identityAcceptTerms(request),
      identityDismissNotice: () => this.identityDismissNotice(),
      lookupContact: (request) => this.lookupContact(request),
    };
  }

  /** Checks a server the user typed (URL or bare host) and reads its terms; writes nothing. */
  async identityCheck({ server }: CommandRequest<'identityCheck'>): Promise<IdentityCandidate> {
    const url = requireIdentityServerUrl(server);
    return { url, policies: await this.inspect(url) };
  }

  /**
   * Switches the account to `url`: check it again, require consent to its current terms,
   * register, accept the terms there and in m.accepted_terms, and only then write
   * m.identity_server. Afterwards, log out of the previous server. On failure the
   * m.identity_server event is untouched and nothing is stored locally.
   */
  async identityChange({
    url: requested,
    acceptedPolicyUrls,
    acceptNoTerms,
  }: CommandRequest<'identityChange'>): Promise<IdentityState> {
    const url = requireIdentityServerUrl(requested);
    const policies = await this.inspect(url);
    const accepted = policyUrlsToAccept(url, policies, acceptedPolicyUrls, acceptNoTerms);
    const token = await this.sessions.registerUnstored(url, 'candidate');
    let previous: string | null;
    try {
      await this.acceptTermsAt(url, 'candidate', token, accepted);
      await this.writer.recordAcceptedTerms(accepted);
      previous = this.resolution().url;
      await this.writer.writeIdentityServer(url);
    } catch (error) {
      // Leave no orphaned session behind on a server the account is not using.
      await this.sessions.retire(url, token);
      throw error;
    }
    this.accountDataChangedHere({ base_url: url });
    const replaced = this.store.getToken(url);
    this.store.setToken(url, token);
    if (replaced !== null && replaced !== token) await this.sessions.retire(url, replaced);
    this.store.recordAcceptedTerms(url, accepted);
    this.changedElsewhere = null;
    this.emitIfChanged();
    if (previous !== null && previous !== url) await this.sessions.retire(previous);
    return this.state();
  }

  /** What turning the IS off leaves behind: the account's addresses (null if unknown). */
  async identityDisableCheck(): Promise<DisableImpact> {
    await this.follower.known;
    let sharedThreepids: DisableImpact['sharedThreepids'] = null;
    try {
      sharedThreepids = parseAccountThreepids(await this.ctx.client.getThreePids());
    } catch (error) {
      this.log.warn('Could not list the account email addresses and phone numbers', {
        problem: describeFailure('homeserver', this.homeserverUrl(), 'listing', error).code,
      });
    }
    return { url: this.resolution().url, sharedThreepids };
  }

  /** Writes {"base_url": null} (no IS on any device), then logs out of the previous server. */
  async identityDisable(): Promise<IdentityState> {
    await this.follower.known;
    const previous = this.resolution().url;
    await this.writer.writeIdentityServer(null);
    this.accountDataChangedHere({ base_url: null });
    this.changedElsewhere = null;
    this.emitIfChanged();
    if (previous !== null) await this.sessions.retire(previous);
    return this.state();
  }

  /** The server the account would use without m.identity_server, with its terms; or null. */
  async identityDefaultCheck(): Promise<IdentityCandidate | null> {
    const { url } = resolveIdentityServer({ kind: 'absent' }, this.ctx.defaults);
    if (url === null) return null;
    return { url, policies: await this.inspect(url) };
  }

  /**
   * Accepts the active server's terms in this app (after a change from another device, or for a
   * default/account server first used here): register if needed, accept there and in
   * m.accepted_terms, then allow addresses to be sent to it.
   */
  async identityAcceptTerms({
    acceptedPolicyUrls,
    acceptNoTerms,
  }: CommandRequest<'identityAcceptTerms'>): Promise<IdentityState> {
    const url = await this.activeServer();
    const policies = await this.inspect(url, 'active');
    const accepted = policyUrlsToAccept(url, policies, acceptedPolicyUrls, acceptNoTerms);
    if (accepted.length > 0) {
      await this.sessions
        .withToken(url, 'active', (connection, token) => connection.acceptTerms(token, accepted))
        .catch((error: unknown) => {
          throw describeFailure('identity server', url, 'accepting its terms', error);
        });
    } else {
      await this.sessions.token(url, 'active');
    }
    await this.writer.recordAcceptedTerms(accepted);
    this.store.recordAcceptedTerms(url, accepted);
    if (this.changedElsewhere?.to === url) this.changedElsewhere = null;
    this.emitIfChanged();
    return this.state();
  }

  async identityDismissNotice(): Promise<IdentityState> {
    this.changedElsewhere = null;
    this.emitIfChanged();
    return this.state();
  }

  /**
   * Who has published this email address or phone number on the active server: a hashed
   * lookup, only once the server's terms are accepted here. A rotated pepper (400
   * M_INVALID_PEPPER) is retried once with fresh hash details.
   */
  async lookupContact({
    medium,
    address,
  }: CommandRequest<'lookupContact'>): Promise<{ userId: string | null }> {
    const normalised = normaliseThreepidAddress(medium, address);
    const url = await this.activeServer();
    try {
      const userId = await this.sessions.withToken(url, 'threepid', (connection, token) =>
        lookupWithPepperRetry(connection, token, medium, normalised, () =>
          this.gate.open(url, 'threepid'),
        ),
      );
      return { userId };
    } catch (error) {
      if (errcodeOf(error) === 'M_TERMS_NOT_SIGNED') {
        // The server published new terms: they need the user's consent again.
        this.store.forgetAcceptedTerms(url);
        this.emitIfChanged();
        throw new UserFacingError(
          'IDENTITY_TERMS_CHANGED',
          `The identity server ${url} has new terms of service. Review and accept them to look up contacts.`,
        );
      }
      throw describeFailure('identity server', url, `looking up that ${mediumName(medium)}`, error);
    }
  }

  // ---- Internals -----------------------------------------------------------------------------

  /** The active server once m.identity_server is known; refuses when there is none. */
  private async activeServer(): Promise<string> {
    await this.follower.known;
    const url = this.resolution().url;
    if (url === null) {
      throw new UserFacingError(
        'IDENTITY_NONE',
        `No identity server is in use: ${this.whyNoActiveServer()}.`,
      );
    }
    return url;
  }

  private resolution(): Resolution {
    return resolveIdentityServer(this.accountData, this.ctx.defaults);
  }

  /** An answer from the account-data follower: the first one, or a live change. */
  private onAccountData({ status, live }: AccountDataUpdate): void {
    const own = live && status.kind === 'present' && this.ownWrites.isOwnEcho(status.content);
    const before = this.resolution().url;
    this.accountData = status;
    const after = this.resolution().url;
    // The first answer after start-up is compared with what this app last saw: a change made
    // on another device while the app was closed is a change from elsewhere all the same.
    const seenBefore = live ? before : this.store.lastActiveServer();
    if (seenBefore !== undefined && after !== seenBefore) {
      if (own) {
        // Our own write, echoed after a change from elsewhere: that notice is out of date.
        this.changedElsewhere = null;
      } else {
        this.changedElsewhere = { from: seenBefore, to: after };
        // The account moved away from that server: end this app's session there, as a change
        // made here would. Harmless if the change was hostile: using it again re-registers.
        if (seenBefore) void this.sessions.retire(seenBefore);
        // Whatever this app knew about the new server, the user must agree to it again here.
        if (after !== null) this.store.forgetAcceptedTerms(after);
        this.log.warn('The identity server was changed on another device', {
          from: seenBefore,
          to: after,
        });
      }
    }
    this.store.rememberActiveServer(after);
    this.emitIfChanged();
  }

  /**
   * After writing m.identity_server ourselves the new value applies at once; its /sync echo
   * then changes nothing and is recognised as ours by the OwnWriteLog.
   */
  private accountDataChangedHere(content: { base_url: string | null }): void {
    this.accountData = { kind: 'present', content };
    this.store.rememberActiveServer(this.resolution().url);
  }

  private emitIfChanged(): void {
    const state = this.state();
    const serialised = JSON.stringify(state);
    if (serialised === this.lastEmitted) return;
    this.lastEmitted = serialised;
    this.ctx.emit(state);
  }

  /** Is it an IS (status check), and what are its terms. Every request through the gate. */
  private async inspect(
    url: string,
    purpose: 'candidate' | 'active' = 'candidate',
  ): Promise<Policy[]> {
    try {
      await (await this.gate.open(url, purpose)).confirmIsIdentityServer();
      return await (await this.gate.open(url, purpose)).getPolicies();
    } catch (error) {
      throw describeFailure('identity server', url, 'checking it', error);
    }
  }

  private async acceptTermsAt(
    url: string,
    purpose: 'candidate' | 'active',
    token: string,
    policyUrls: string[],
  ): Promise<void> {
    if (policyUrls.length === 0) return;
    try {
      await (await this.gate.open(url, purpose)).acceptTerms(token, policyUrls);
    } catch (error) {
      throw describeFailure('identity server', url, 'accepting its terms', error);
    }
  }

  private connectionFor(url: string): IdentityServerConnection {
    let connection = this.connections.get(url);
    if (!connection) {
      connection = new IdentityServerConnection(
        url,
        this.homeserverUrl(),
        this.identityServerFetch,
        this.log,
      );
      this.connections.set(url, connection);
    }
    return connection;
  }

  private whyNoActiveServer(): string {
    const { source, disabledByAccount } = this.resolution();
    if (source === 'pending') return 'the account setting is still loading';
    if (disabledByAccount) return 'identity server use is turned off for your account';
    return 'none is configured for your account or this app';
  }

  private homeserverUrl(): string {
    return this.ctx.client.getHomeserverUrl();
  }
}

/** Validates a user-typed server; the message says what was wrong with it. */
function requireIdentityServerUrl(input: string): string {
  const check = checkIdentityServerUrl(userInputToUrl(input));
  if (check.ok) return check.url;
  throw new UserFacingError(
    'IDENTITY_INVALID_URL',
    `"${input.trim()}" cannot be used as an identity server: ${check.reason}.`,
  );
}

async function lookupWithPepperRetry(
  connection: IdentityServerConnection,
  token: string,
  medium: ThreepidMedium,
  address: string,
  reopen: () => Promise<IdentityServerConnection>,
): Promise<string | null> {
  try {
    return await connection.lookup(token, medium, address);
  } catch (error) {
    if (errcodeOf(error) !== 'M_INVALID_PEPPER') throw error;
    // The pepper rotated between /hash_details and /lookup: the SDK reads fresh details.
    return await (await reopen()).lookup(token, medium, address);
  }
}

function mediumName(medium: ThreepidMedium): string {
  return medium === 'email' ? 'email address' : 'phone number';
}
