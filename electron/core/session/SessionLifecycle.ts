import { CryptoSession } from '../crypto/CryptoSession.js';
import { checkStoredSessionUrls } from '../login/checkStoredSessionUrls.js';
import { accountLinks } from '../login/oauth/accountManagement.js';
import { hostOf } from '../net/hostOf.js';
import type { Platform } from '../platform.js';
import { MatrixSession } from './MatrixSession.js';
import type { SessionState } from './sessionState.js';
import { SessionVault, type SessionRecord, type SessionSecrets } from './SessionVault.js';

/** What the rest of the app does when a session starts or ends (AppCore: identity, connection). */
export interface SessionHooks {
  /** A session is ready (fresh sign-in or restored): start what depends on it. */
  opened(session: MatrixSession): void;
  /**
   * The session of `userId` is over (sign-out, or the server ended it): stop what depends on it.
   * 'soft' keeps the device's local data; 'signOut' and 'hard' leave none of it.
   */
  closed(how: 'signOut' | 'soft' | 'hard', userId: string): void;
  /** Runs before the server is told while the session still works (identity-server logout). */
  beforeSignOut(): Promise<void>;
  emit(state: SessionState): void;
}

/**
 * A session from the moment it exists to its end, whatever signed it in: stored and opened,
 * restored after a restart, ended by the server (soft: the device is kept for the same user to
 * sign in again; hard: nothing is kept) or signed out by the user. The one owner of the
 * session's tokens and record.
 */
export class SessionLifecycle {
  private current: MatrixSession | null = null;
  private soft: SessionRecord | null = null;
  private readonly vault: SessionVault;

  constructor(
    private readonly platform: Platform,
    private readonly hooks: SessionHooks,
    private readonly setState: (state: SessionState) => void,
  ) {
    this.vault = new SessionVault(platform);
  }

  get session(): MatrixSession | null {
    return this.current;
  }

  /** The session the server ended softly: its device waits for the same user to sign in. */
  get softLoggedOut(): SessionRecord | null {
    return this.soft;
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
      this.soft = record;
      this.setState(softState(record, 'Sign in again to continue.'));
      return;
    }
    if (loaded.kind === 'unusable') {
      this.forgetUnusableSession(record, loaded.why);
      return;
    }
    this.open(record, loaded.secrets);
  }

  /** A sign-in produced this session: keep it (sealed) and open it. */
  begin(record: SessionRecord, secrets: SessionSecrets): void {
    this.vault.saveRecord(record);
    this.vault.saveSecrets(secrets);
    this.soft = null;
    this.open(record, secrets);
  }

  async signOut(): Promise<void> {
    const session = this.current;
    if (!session) {
      // Signed out already, or soft-logged-out: forget the device record too.
      this.vault.clear();
      this.soft = null;
      this.setState({ status: 'signedOut', notice: null });
      return;
    }
    this.setState({ status: 'busy', step: 'signingOut', server: session.record.homeserverUrl });
    await this.hooks.beforeSignOut().catch((e: unknown) => this.warn('identity sign-out', e));
    let serverTold = true;
    await session.logout().catch((e: unknown) => {
      serverTold = false;
      this.warn('logout', e);
    });
    // Local secrets go whatever the server said: the user asked to be signed out here. So does
    // the device's encryption store: the device is gone.
    await session.forgetDevice().catch((e: unknown) => this.warn('encryption store removal', e));
    this.vault.clear();
    this.current = null;
    this.hooks.closed('signOut', session.record.userId);
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
  }

  /** Stops the session (not signed out); settles once its encryption store is closed. */
  async dispose(): Promise<void> {
    const session = this.current;
    this.current = null;
    session?.stop();
    await session?.whenStopped();
  }

  private open(record: SessionRecord, secrets: SessionSecrets): void {
    const session = new MatrixSession(this.platform, record, secrets, this.vault, (soft) =>
      this.onServerLogout(session, soft),
    );
    this.current = session;
    this.setState({
      status: 'signedIn',
      userId: record.userId,
      deviceId: record.deviceId,
      homeserverUrl: record.homeserverUrl,
      loginServerUrl: record.loginServerUrl,
      redirectRejected: record.redirectRejected,
      accountManagement: accountLinks(
        record.auth.kind === 'oauth' ? record.auth.accountManagement : null,
      ),
    });
    this.hooks.opened(session);
    session.start();
  }

  private onServerLogout(session: MatrixSession, soft: boolean): void {
    if (this.current !== session) return;
    this.current = null;
    const host = hostOf(session.record.homeserverUrl);
    // Only the server's soft_logout: true keeps the device and its local data (the record here,
    // and what closed('soft') keeps: identity-server tokens and accepted terms), for the same
    // user to sign in again on the same device. Anything else means the device is gone on the
    // server: nothing of it is kept here either.
    if (soft) {
      this.vault.clearSecrets();
      this.soft = session.record;
      this.hooks.closed('soft', session.record.userId);
      this.setState(
        softState(session.record, `Your session on ${host} has ended. Sign in again to continue.`),
      );
    } else {
      this.vault.clear();
      void session.forgetDevice().catch((e: unknown) => this.warn('encryption store removal', e));
      this.hooks.closed('hard', session.record.userId);
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
    // The device is started over: its encryption store, sealed with the same lost key, goes.
    if (this.platform.dataDir) {
      void new CryptoSession({
        platform: this.platform,
        directory: this.platform.dataDir,
        userId: record.userId,
        deviceId: record.deviceId,
      })
        .deleteStore()
        .catch((e: unknown) => this.warn('encryption store removal', e));
    }
    this.hooks.closed('hard', record.userId);
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

  private warn(what: string, error: unknown): void {
    this.platform.log.warn(`${what} failed`, { error: String(error) });
  }
}

function softState(record: SessionRecord, message: string): SessionState {
  return {
    status: 'softLoggedOut',
    userId: record.userId,
    homeserverUrl: record.homeserverUrl,
    flows: record.loginFlows,
    oauthIssuer: record.auth.kind === 'oauth' ? record.auth.issuer : null,
    notice: { code: 'SOFT_LOGOUT', message },
  };
}
