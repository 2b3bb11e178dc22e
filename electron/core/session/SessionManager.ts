import type { ValidatedAuthMetadata } from 'matrix-js-sdk';
import type { Discovery } from '../login/discovery.js';
import { discoverServer } from '../login/discoverServer.js';
import { PasswordLoginMethod } from '../login/methods/PasswordLoginMethod.js';
import type { SignInMethod, SignInTarget } from '../login/methods/SignInMethod.js';
import { DeviceGrantLoginMethod } from '../login/methods/DeviceGrantLoginMethod.js';
import { OAuthLoginMethod } from '../login/methods/OAuthLoginMethod.js';
import { SsoLoginMethod } from '../login/methods/SsoLoginMethod.js';
import { ClientRegistrations, type StaticClients } from '../login/oauth/clientRegistrations.js';
import { hostOf } from '../net/hostOf.js';
import type { Platform } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import type { MatrixSession } from './MatrixSession.js';
import { SessionLifecycle, type SessionHooks } from './SessionLifecycle.js';
import type { SessionState } from './sessionState.js';

/**
 * The thin coordinator between the window and the session: it runs one thing at a time
 * (discovery, or a sign-in by one of the methods in login/methods/, each told which server it
 * is for), says what is going on (SessionState), and hands what a sign-in produced to the
 * session lifecycle (SessionLifecycle), which owns the session from then on.
 */
export class SessionManager {
  private state: SessionState = { status: 'signedOut', notice: null };
  /** The server the user chose on the sign-in screen (the last discovery), if any. */
  private chosenServer: Discovery | null = null;
  /** Its OAuth 2.0 metadata, validated by that discovery (kept here, never sent to the window). */
  private chosenMetadata: ValidatedAuthMetadata | null = null;
  private inProgress: AbortController | null = null;
  private readonly lifecycle: SessionLifecycle;
  private readonly registrations: ClientRegistrations;

  constructor(
    private readonly platform: Platform,
    private readonly hooks: SessionHooks,
    options: { staticOAuthClients?: StaticClients } = {},
  ) {
    this.lifecycle = new SessionLifecycle(platform, hooks, (state) => this.setState(state));
    this.registrations = new ClientRegistrations(platform, options.staticOAuthClients);
  }

  get current(): SessionState {
    return this.state;
  }

  get activeSession(): MatrixSession | null {
    return this.lifecycle.session;
  }

  /** The server a sign-in would go to now, or null when none is chosen (for error messages). */
  get signInServer(): string | null {
    return this.lifecycle.softLoggedOut?.loginServerUrl ?? this.chosenServer?.homeserverUrl ?? null;
  }

  restore(): void {
    this.lifecycle.restore();
  }

  async discover(input: string): Promise<Discovery> {
    this.requireSignedOut();
    const abort = this.begin();
    this.setState({ status: 'busy', step: 'discovering', server: input.trim() });
    this.chosenServer = null;
    this.chosenMetadata = null;
    try {
      let metadata: ValidatedAuthMetadata | null = null;
      this.chosenServer = await discoverServer(
        this.platform.fetch,
        input,
        abort.signal,
        this.platform.log,
        (found) => (metadata = found),
      );
      this.chosenMetadata = metadata;
      this.setState({ status: 'signedOut', notice: null });
      return this.chosenServer;
    } catch (error) {
      throw this.failed(error, abort);
    } finally {
      this.finish(abort);
    }
  }

  loginWithPassword(identifier: string, password: string): Promise<SessionState> {
    const target = this.signInTarget('legacy');
    return this.signIn(new PasswordLoginMethod(identifier, password), target);
  }

  startSso(providerId: string | null): Promise<SessionState> {
    const target = this.signInTarget('legacy');
    return this.signIn(new SsoLoginMethod(providerId), target);
  }

  /** OAuth 2.0 authorization-code sign-in in the browser (OAuthLoginMethod). */
  startOAuth(): Promise<SessionState> {
    const target = this.signInTarget('oauth');
    return this.signIn(new OAuthLoginMethod(this.registrations), target);
  }

  /** OAuth 2.0 device authorization grant: approve on another device (DeviceGrantLoginMethod). */
  startDeviceGrant(): Promise<SessionState> {
    const target = this.signInTarget('oauth');
    return this.signIn(new DeviceGrantLoginMethod(this.registrations), target);
  }

  /**
   * Signs in with `method` at `target`; on success the lifecycle keeps and opens the session.
   * Whatever fails, the window goes back to where it was (sign-in or soft-logout screen) with
   * the reason.
   */
  async signIn(method: SignInMethod, target: SignInTarget): Promise<SessionState> {
    const abort = this.begin();
    const previous = this.state;
    try {
      const created = await method.signIn({
        platform: this.platform,
        target,
        signal: abort.signal,
        progress: (step, deviceGrant) =>
          this.setState({
            status: 'busy',
            step,
            server: target.serverUrl,
            ...(deviceGrant ? { deviceGrant } : {}),
          }),
      });
      try {
        this.lifecycle.begin(created.record, created.secrets);
      } catch (error) {
        created.discard();
        throw error;
      }
      return this.state;
    } catch (error) {
      throw this.failed(error, abort, previous);
    } finally {
      this.finish(abort);
    }
  }

  cancelLogin(): SessionState {
    this.inProgress?.abort();
    return this.state;
  }

  async signOut(): Promise<SessionState> {
    await this.lifecycle.signOut();
    return this.state;
  }

  /** Settles once the session's encryption store is closed. */
  async dispose(): Promise<void> {
    this.inProgress?.abort();
    await this.lifecycle.dispose();
  }

  /**
   * The server a sign-in is for: the soft-logged-out session's sign-in server (same device,
   * same user), else the server the user chose.
   */
  signInTarget(api: 'legacy' | 'oauth'): SignInTarget {
    const soft = this.lifecycle.softLoggedOut;
    if (soft) {
      // The session keeps the API that issued its tokens: the spec forbids mixing them.
      if (soft.auth.kind !== api) {
        throw new UserFacingError(
          'WRONG_SIGN_IN_METHOD',
          soft.auth.kind === 'oauth'
            ? `This session was signed in through ${hostOf(soft.auth.issuer)}: continue there.`
            : 'This session was signed in with a password or single sign-on: sign in the same way.',
        );
      }
      return {
        serverUrl: soft.loginServerUrl,
        deviceId: soft.deviceId,
        expectedUserId: soft.userId,
        identityDefault: soft.identityDefaults.discovery,
        flows: soft.loginFlows,
      };
    }
    this.requireSignedOut();
    if (!this.chosenServer) {
      throw new UserFacingError('NO_SERVER', 'Choose a homeserver first.');
    }
    return {
      serverUrl: this.chosenServer.homeserverUrl,
      deviceId: undefined,
      expectedUserId: undefined,
      identityDefault: this.chosenServer.identityServerUrl,
      flows: this.chosenServer.flows,
      ...(api === 'oauth' && this.chosenMetadata ? { authMetadata: this.chosenMetadata } : {}),
    };
  }

  private requireSignedOut(): void {
    if (this.lifecycle.session) {
      throw new UserFacingError('SIGNED_IN', 'Already signed in. Sign out first.');
    }
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
    if (!(error instanceof UserFacingError) && !cancelled) {
      this.platform.log.warn('sign-in failed', { error: String(error) });
    }
    if (previous?.status === 'softLoggedOut') {
      this.setState({ ...previous, notice: userError.toUserError() });
    } else {
      this.setState({ status: 'signedOut', notice: userError.toUserError() });
    }
    return userError;
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.hooks.emit(state);
  }
}
