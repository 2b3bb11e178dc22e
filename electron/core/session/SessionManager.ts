import type { Discovery } from '../login/discovery.js';
import type { SessionState } from './sessionState.js';
import { discoverServer } from '../login/discoverServer.js';
import { loginWithPassword, loginWithToken, type LoginAnswer } from '../login/loginRequests.js';
import { identifierFor } from '../login/passwordIdentifier.js';
import { chooseSessionServer, type SessionPlacement } from '../login/chooseSessionServer.js';
import { logoutUnusedLogin } from '../login/logoutUnusedLogin.js';
import { identityServerOfferIn } from '../login/redirectTarget.js';
import { checkStoredSessionUrls } from '../login/checkStoredSessionUrls.js';
import { ssoLoginUrl } from '../login/ssoLoginUrl.js';
import { listenForSsoCallback } from '../login/SsoLoopbackListener.js';
import { abandonOnAbort } from '../net/abandonable.js';
import { abortableFetch } from '../net/abortableFetch.js';
import { hostOf } from '../net/describeRequestError.js';
import { checkBaseUrl } from '../net/urlPolicy.js';
import type { Platform } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { MatrixSession } from './MatrixSession.js';
import { SessionVault, type SessionRecord, type SessionSecrets } from './SessionVault.js';

export interface SessionLifecycle {
  /** A session is ready (fresh sign-in or restored): start what depends on it. */
  opened(session: MatrixSession): void;
  /**
   * The session of `userId` is over (sign-out, or the server ended it): stop what depends on it.
   * 'soft' keeps the device's local data; 'signOut' and 'hard' leave none of it.
   */
  closed(how: 'signOut' | 'soft' | 'hard', userId: string): void;
  /** Runs before /logout while the session still works (identity-server logout). */
  beforeSignOut(): Promise<void>;
  emit(state: SessionState): void;
}

export const SSO_TIMEOUT_MS = 5 * 60_000;

/** Where a sign-in goes and what it is for. */
interface LoginTarget {
  serverUrl: string;
  /** Set when signing in again after a soft logout: the device is kept. */
  deviceId: string | undefined;
  /** The identity server the discovery .well-known named (a default only). */
  identityDefault: string | null;
  flows: SessionRecord['loginFlows'];
}

/**
 * The sign-in state machine: discovery, password and SSO sign-in, the base-URL redirect, restore
 * after restart, soft/hard logout and sign-out. The one owner of the session's tokens.
 */
export class SessionManager {
  private state: SessionState = { status: 'signedOut', notice: null };
  private discovery: Discovery | null = null;
  private session: MatrixSession | null = null;
  private softRecord: SessionRecord | null = null;
  private inProgress: AbortController | null = null;
  private cancelSso: (() => void) | null = null;
  private readonly vault: SessionVault;

  constructor(
    private readonly platform: Platform,
    private readonly lifecycle: SessionLifecycle,
  ) {
    this.vault = new SessionVault(platform);
  }

  get current(): SessionState {
    return this.state;
  }

  get activeSession(): MatrixSession | null {
    return this.session;
  }

  /** Resume the stored session, if there is one (straight to signed in, no network wait). */
  restore(): void {
    const record = this.vault.loadRecord();
    if (!record) {
      this.reportSettingsReset();
      return;
    }
    // The settings file is not trusted more than a server: an edited URL must not receive the
    // decrypted token (in clear, over http). Refuse before decrypting anything.
    const unsafe = checkStoredSessionUrls(record);
    if (unsafe) {
      this.vault.clear();
      this.platform.log.warn('stored session refused', { reason: unsafe.message });
      this.setState({ status: 'signedOut', notice: unsafe.toUserError() });
      return;
    }
    const loaded = this.vault.loadSecrets();
    if (loaded.kind === 'none') {
      // A soft logout kept the device and dropped the tokens: sign in again as the same user.
      this.softRecord = record;
      this.setState(softState(record, 'Sign in again to continue.'));
      return;
    }
    if (loaded.kind === 'unusable') {
      this.forgetUnusableSession(record, loaded.why);
      return;
    }
    this.open(record, loaded.secrets);
  }

  async discover(input: string): Promise<Discovery> {
    this.requireSignedOut();
    const abort = this.begin();
    this.setState({ status: 'busy', step: 'discovering', server: input.trim() });
    try {
      this.discovery = await discoverServer(this.platform.fetch, input, abort.signal);
      this.setState({ status: 'signedOut', notice: null });
      return this.discovery;
    } catch (error) {
      this.discovery = null;
      throw this.failed(error, abort);
    } finally {
      this.finish(abort);
    }
  }

  async loginWithPassword(identifierText: string, password: string): Promise<SessionState> {
    const target = this.loginTarget();
    const { serverUrl, deviceId } = target;
    const identifier = identifierFor(identifierText);
    const abort = this.begin();
    const previous = this.state;
    this.setState({ status: 'busy', step: 'signingIn', server: serverUrl });
    try {
      const fetch = abortableFetch(this.platform.fetch, abort.signal);
      const answer = await loginWithPassword({ fetch, serverUrl, deviceId }, identifier, password);
      return await this.complete(answer, target, abort);
    } catch (error) {
      throw this.failed(error, abort, previous);
    } finally {
      this.finish(abort);
    }
  }

  async startSso(providerId: string | null): Promise<SessionState> {
    const target = this.loginTarget();
    const { serverUrl, deviceId } = target;
    const abort = this.begin();
    const previous = this.state;
    // Everything after begin() is inside the try: a listener that cannot start, a refused
    // provider or a browser that cannot be opened must end the attempt, or it stays "in
    // progress" and every later sign-in answers BUSY.
    try {
      const callback = await listenForSsoCallback(SSO_TIMEOUT_MS);
      this.cancelSso = () => callback.cancel();
      abort.signal.addEventListener('abort', () => callback.cancel());
      abort.signal.throwIfAborted();
      const url = ssoLoginUrl({
        serverUrl,
        fetch: this.platform.fetch,
        redirectUrl: callback.redirectUrl,
        providerId,
        flows: target.flows,
      });
      this.setState({ status: 'busy', step: 'waitingForBrowser', server: serverUrl });
      await this.platform.openExternal(url);
      const token = await callback.token;
      this.setState({ status: 'busy', step: 'signingIn', server: serverUrl });
      const fetch = abortableFetch(this.platform.fetch, abort.signal);
      const answer = await loginWithToken({ fetch, serverUrl, deviceId }, token);
      return await this.complete(answer, target, abort);
    } catch (error) {
      this.cancelSso?.();
      throw this.failed(error, abort, previous);
    } finally {
      this.cancelSso = null;
      this.finish(abort);
    }
  }

  cancelLogin(): SessionState {
    this.cancelSso?.();
    this.inProgress?.abort();
    return this.state;
  }

  async signOut(): Promise<SessionState> {
    const session = this.session;
    if (!session) {
      // Signed out already, or soft-logged-out: forget the device record too.
      this.vault.clear();
      this.softRecord = null;
      this.setState({ status: 'signedOut', notice: null });
      return this.state;
    }
    this.setState({ status: 'busy', step: 'signingOut', server: session.record.homeserverUrl });
    await this.lifecycle.beforeSignOut().catch((e: unknown) => this.warn('identity sign-out', e));
    let serverTold = true;
    await session.logout().catch((e: unknown) => {
      serverTold = false;
      this.warn('logout', e);
    });
    // Local secrets go whatever the server said: the user asked to be signed out here.
    this.vault.clear();
    this.session = null;
    this.lifecycle.closed('signOut', session.record.userId);
    const host = hostOf(session.record.homeserverUrl);
    this.setState({
      status: 'signedOut',
      notice: serverTold
        ? null
        : {
            code: 'SIGNED_OUT_LOCALLY',
            message:
              `Signed out on this computer, but ${host} could not be reached to end the session ` +
              `there: this device may still be listed among your account's sessions. You can ` +
              `remove it from another device's session list.`,
          },
    });
    return this.state;
  }

  dispose(): void {
    this.inProgress?.abort();
    this.session?.stop();
    this.session = null;
  }

  private async complete(
    answer: LoginAnswer,
    target: LoginTarget,
    abort: AbortController,
  ): Promise<SessionState> {
    const loginServerUrl = target.serverUrl;
    // Not tied to the cancel signal: if the user gives up, the placement still says where the
    // new token lives, so that it can be logged out there (discardUnused).
    const placement = chooseSessionServer({
      fetch: this.platform.fetch,
      answer,
      loginServerUrl,
      log: this.platform.log,
      onCheckingRedirect: () =>
        this.setState({ status: 'busy', step: 'checkingRedirect', server: loginServerUrl }),
    });
    try {
      if (this.softRecord && answer.userId !== this.softRecord.userId) {
        throw new UserFacingError(
          'WRONG_USER',
          `That signed in as ${answer.userId}, but this session belongs to ${this.softRecord.userId}.`,
        );
      }
      const { homeserverUrl, redirectRejected } = await abandonOnAbort(placement, abort.signal);
      const loginIs = checkBaseUrl(identityServerOfferIn(answer.raw));
      const record: SessionRecord = {
        userId: answer.userId,
        deviceId: answer.deviceId,
        homeserverUrl,
        loginServerUrl,
        redirectRejected,
        identityDefaults: {
          login: loginIs.ok ? loginIs.url : null,
          discovery: target.identityDefault,
        },
        loginFlows: target.flows,
      };
      const secrets: SessionSecrets = {
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken,
        expiresAt:
          answer.expiresInMs === null ? null : this.platform.clock.now() + answer.expiresInMs,
      };
      this.vault.saveRecord(record);
      this.vault.saveSecrets(secrets);
      this.softRecord = null;
      this.open(record, secrets);
      return this.state;
    } catch (error) {
      this.discardUnused(answer, placement);
      throw error;
    }
  }

  /**
   * The server created a session this sign-in will not use: log its new token out where it
   * lives, in the background (the user is not kept waiting). Only the new token: after a
   * wrong-user answer the soft-logged-out record's device is left alone. A placement that failed
   * (a refused target the login server does not serve) has nowhere safe to send it.
   */
  private discardUnused(answer: LoginAnswer, placement: Promise<SessionPlacement>): void {
    placement.then(
      ({ homeserverUrl }) =>
        logoutUnusedLogin({
          fetch: this.platform.fetch,
          homeserverUrl,
          accessToken: answer.accessToken,
          log: this.platform.log,
        }),
      () => undefined,
    );
  }

  private open(record: SessionRecord, secrets: SessionSecrets): void {
    const session = new MatrixSession(this.platform, record, secrets, this.vault, (soft) =>
      this.onServerLogout(session, soft),
    );
    this.session = session;
    this.setState({
      status: 'signedIn',
      userId: record.userId,
      deviceId: record.deviceId,
      homeserverUrl: record.homeserverUrl,
      loginServerUrl: record.loginServerUrl,
      redirectRejected: record.redirectRejected,
      accountManagement: null,
    });
    this.lifecycle.opened(session);
    session.start();
  }

  private onServerLogout(session: MatrixSession, soft: boolean): void {
    if (this.session !== session) return;
    this.session = null;
    const host = hostOf(session.record.homeserverUrl);
    // Only the server's soft_logout: true keeps the device and its local data (the record here,
    // and what closed('soft') keeps: identity-server tokens and accepted terms), for the same
    // user to sign in again on the same device. Anything else means the device is gone on the
    // server: nothing of it is kept here either.
    if (soft) {
      this.vault.clearSecrets();
      this.softRecord = session.record;
      this.lifecycle.closed('soft', session.record.userId);
      this.setState(
        softState(session.record, `Your session on ${host} has ended. Sign in again to continue.`),
      );
    } else {
      this.vault.clear();
      this.lifecycle.closed('hard', session.record.userId);
      this.setState({
        status: 'signedOut',
        notice: {
          code: 'M_UNKNOWN_TOKEN',
          message: `Your session on ${host} was signed out from another device or by the server. Sign in again.`,
        },
      });
    }
  }

  /**
   * The stored session's tokens cannot be opened. A clean sign-in, not the soft-logout screen:
   * the device's local data is sealed with the same lost key, so keeping the device would keep
   * nothing usable, and the record alone would only half-restore a session.
   */
  private forgetUnusableSession(
    record: SessionRecord,
    why: 'noKeyring' | 'undecryptable' | 'damaged',
  ): void {
    const host = hostOf(record.homeserverUrl);
    const cause = {
      noKeyring: 'the system keyring is not available',
      undecryptable: 'the system keyring changed, or this is another computer or user account',
      damaged: 'what was stored is damaged',
    }[why];
    this.platform.log.warn('stored session could not be unlocked; starting over', { why });
    this.vault.clear();
    this.lifecycle.closed('hard', record.userId);
    this.setState({
      status: 'signedOut',
      notice: {
        code: 'SESSION_LOCKED',
        message:
          `The saved sign-in for ${record.userId} on ${host} could not be unlocked: ${cause}. ` +
          `Sign in again. The old session may still be listed among your account's sessions.`,
      },
    });
  }

  /** The settings file could not be read at start and was started over: say so, once. */
  private reportSettingsReset(): void {
    const reset = this.platform.settings.resetAtStart;
    if (!reset) return;
    this.platform.log.warn('settings file reset', { file: reset.file, reason: reset.reason });
    this.setState({
      status: 'signedOut',
      notice: {
        code: 'SETTINGS_RESET',
        message:
          `The settings file ${reset.file} could not be read (${reset.reason}) and was reset. ` +
          `Any saved sign-in was lost: sign in again.`,
      },
    });
  }

  /** Where a sign-in goes: the last discovery, or the soft-logged-out session's sign-in server. */
  private loginTarget(): LoginTarget {
    if (this.softRecord) {
      return {
        serverUrl: this.softRecord.loginServerUrl,
        deviceId: this.softRecord.deviceId,
        identityDefault: this.softRecord.identityDefaults.discovery,
        flows: this.softRecord.loginFlows,
      };
    }
    this.requireSignedOut();
    if (!this.discovery) {
      throw new UserFacingError('NO_SERVER', 'Choose a homeserver first.');
    }
    return {
      serverUrl: this.discovery.homeserverUrl,
      deviceId: undefined,
      identityDefault: this.discovery.identityServerUrl,
      flows: this.discovery.flows,
    };
  }

  private requireSignedOut(): void {
    if (this.session) throw new UserFacingError('SIGNED_IN', 'Already signed in. Sign out first.');
    if (this.inProgress) throw new UserFacingError('BUSY', 'A sign-in is already in progress.');
  }

  private begin(): AbortController {
    if (this.inProgress) throw new UserFacingError('BUSY', 'A sign-in is already in progress.');
    this.inProgress = new AbortController();
    return this.inProgress;
  }

  private finish(abort: AbortController): void {
    if (this.inProgress === abort) this.inProgress = null;
  }

  /** Back to where the user was, with the reason on screen; returns the error to throw. */
  private failed(error: unknown, abort: AbortController, previous?: SessionState): UserFacingError {
    const cancelled = abort.signal.aborted;
    const userError = cancelled
      ? new UserFacingError('CANCELLED', 'Sign-in cancelled.')
      : error instanceof UserFacingError
        ? error
        : new UserFacingError('SIGN_IN_FAILED', `Sign-in failed: ${String(error).slice(0, 200)}`);
    if (!(error instanceof UserFacingError) && !cancelled) this.warn('sign-in', error);
    if (previous?.status === 'softLoggedOut') {
      this.setState({ ...previous, notice: userError.toUserError() });
    } else {
      this.setState({ status: 'signedOut', notice: userError.toUserError() });
    }
    return userError;
  }

  private warn(what: string, error: unknown): void {
    this.platform.log.warn(`${what} failed`, { error: String(error) });
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.lifecycle.emit(state);
  }
}

function softState(record: SessionRecord, message: string): SessionState {
  return {
    status: 'softLoggedOut',
    userId: record.userId,
    homeserverUrl: record.homeserverUrl,
    flows: record.loginFlows,
    notice: { code: 'SOFT_LOGOUT', message },
  };
}
