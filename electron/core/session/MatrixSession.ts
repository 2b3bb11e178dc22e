import { ClientPrefix, createClient, MatrixError, Method, type MatrixClient } from 'matrix-js-sdk';
import { CryptoSession } from '../crypto/CryptoSession.js';
import { CryptoStoreError } from '../crypto/CryptoStoreError.js';
import { abortableFetch } from '../net/abortableFetch.js';
import { Reconnector } from '../net/Reconnector.js';
import { withPlatformFetch } from '../net/sdkGlobalFetch.js';
import { createSdkLogger } from '../net/sdkLogger.js';
import type { Platform } from '../platform.js';
import { ClientSync } from './ClientSync.js';
import { createAuthenticatedFetch } from './authenticatedFetch.js';
import { createOAuthSessionClient } from './oauthSessionClient.js';
import type { SessionRecord, SessionSecrets, SessionVault } from './SessionVault.js';
import { TokenRefresher, type RefreshAnswer } from './TokenRefresher.js';

/** How long sign-out waits for the server's answer to /logout before signing out here anyway. */
export const LOGOUT_TIMEOUT_MS = 10_000;

export interface MatrixSessionOptions {
  /** Bound on the /logout request (default LOGOUT_TIMEOUT_MS), measured on platform.clock. */
  logoutTimeoutMs?: number;
}

/**
 * A signed-in session: a matrix-js-sdk client bound to the session's homeserver (the redirect
 * target when routed) whose every request refreshes tokens by itself, plus the SDK's sync
 * (rooms, timelines, account data) kept on the session's reconnect loop. Reports once when the server ends the session, soft (`soft_logout: true`: the device
 * is kept) or hard (anything else: the device is gone), as the server said.
 */
export class MatrixSession {
  readonly client: MatrixClient;
  /** The session's one reconnect loop: its status is what the window's indicator shows. */
  readonly reconnector: Reconnector;
  /** Legacy sessions only: OAuth 2.0 sessions are refreshed by the SDK (oauthSessionClient.ts). */
  private readonly refresher: TokenRefresher | null;
  readonly sync: ClientSync;
  private ended = false;
  /**
   * Where /refresh lives. The spec says /v3; Synapse before 1.72 serves only /v1. The SDK's
   * refreshToken() tries /v3 and falls back to /v1 on M_UNRECOGNIZED every single time, so
   * against such a server each refresh was preceded by a refused /v3 attempt: remember the
   * answer for the session instead.
   */
  private refreshPrefix: ClientPrefix = ClientPrefix.V3;
  /** The device's end-to-end encryption; null where the platform has no data directory. */
  private readonly crypto: CryptoSession | null;
  /** Why encryption is not running although it should (its store could not be used). */
  private cryptoFailure: CryptoStoreError | null = null;
  /** Who hears of cryptoFailure when it is set (the app-level banner, AppCore). */
  private readonly encryptionListeners = new Set<(problem: CryptoStoreError) => void>();
  private stopped = false;

  constructor(
    private readonly platform: Platform,
    readonly record: SessionRecord,
    secrets: SessionSecrets,
    vault: SessionVault,
    private readonly onLoggedOut: (soft: boolean) => void,
    private readonly options: MatrixSessionOptions = {},
  ) {
    this.reconnector = new Reconnector({
      clock: platform.clock,
      server: record.homeserverUrl,
      log: platform.log,
    });
    // The SDK's sync, its /sync requests kept on the reconnector (created before the client,
    // whose fetch includes it).
    const syncOver = (fetch: typeof globalThis.fetch) =>
      new ClientSync({
        fetch,
        clock: platform.clock,
        reconnector: this.reconnector,
        log: platform.log,
      });
    const base = {
      baseUrl: record.homeserverUrl,
      userId: record.userId,
      deviceId: record.deviceId,
      accessToken: secrets.accessToken,
      logger: createSdkLogger(platform.log, 'session'),
    };
    if (record.auth.kind === 'oauth') {
      this.refresher = null;
      this.sync = syncOver(platform.fetch);
      this.client = createOAuthSessionClient({
        platform,
        record,
        auth: record.auth,
        secrets,
        vault,
        base: { ...base, fetchFn: this.sync.fetch },
        onLoggedOut: () => this.end(true),
      });
    } else {
      const refresher = new TokenRefresher(secrets, {
        clock: platform.clock,
        request: (refreshToken) => this.requestRefresh(refreshToken),
        onRefreshed: (fresh) => {
          vault.saveSecrets(fresh);
          this.client.setAccessToken(fresh.accessToken);
        },
        // What the refusal says decides: only soft_logout: true keeps the device.
        onRejected: (error) => this.end(error.soft),
        rejection: (error) =>
          error instanceof MatrixError && (error.httpStatus === 401 || error.httpStatus === 403)
            ? { soft: error.data?.soft_logout === true }
            : null,
      });
      this.refresher = refresher;
      this.sync = syncOver(
        createAuthenticatedFetch({
          baseFetch: platform.fetch,
          homeserverUrl: record.homeserverUrl,
          refresher,
          onLoggedOut: (soft) => this.end(soft),
        }),
      );
      this.client = createClient({ ...base, fetchFn: this.sync.fetch });
    }
    this.crypto = platform.dataDir
      ? new CryptoSession({
          platform,
          directory: platform.dataDir,
          userId: record.userId,
          deviceId: record.deviceId,
          // The keys now live only in memory: said at once, not found out after a restart.
          onWriteFailure: (error) => {
            platform.log.error('Crypto store: a commit could not be written to its file', {
              error: String(error).slice(0, 200),
            });
            if (this.cryptoFailure) return;
            this.failEncryption(
              new CryptoStoreError(
                'crypto_store_unreadable',
                `The encryption store of ${record.userId} could not be written to disk ` +
                  `(${String(error).slice(0, 200)}): this device's keys are kept in memory only ` +
                  'and may be lost when the app stops. Free some disk space or check the app ' +
                  "data folder's permissions, then restart the app.",
                { cause: error },
              ),
            );
          },
        })
      : null;
  }

  /** Calls `listener` when encryption stops working (its store failed); returns the unsubscribe. */
  onEncryptionProblem(listener: (problem: CryptoStoreError) => void): () => void {
    this.encryptionListeners.add(listener);
    return () => this.encryptionListeners.delete(listener);
  }

  /** The store's problem as the encryption banner states it, or null. */
  get encryptionFailure(): CryptoStoreError | null {
    return this.cryptoFailure;
  }

  private failEncryption(error: CryptoStoreError): void {
    this.cryptoFailure = error;
    for (const listener of this.encryptionListeners) listener(error);
  }

  /**
   * What keeps encrypted rooms read-only: the encryption store's problem, worded for the user
   * (it says to sign out and in again), or null when encryption runs or is not offered here.
   */
  get encryptionProblem(): string | null {
    return this.cryptoFailure?.message ?? null;
  }

  start(): void {
    this.reconnector.start();
    if (!this.crypto) {
      this.sync.start(this.client);
      return;
    }
    // Crypto first, so the first sync's to-device messages and the keys it uploads come from the
    // restored device. A store that cannot be used leaves the rest of the session working.
    void this.crypto
      .start(this.client)
      .catch((error: unknown) => {
        if (!(error instanceof CryptoStoreError)) throw error;
        this.failEncryption(error);
        this.platform.log.error('encryption store unusable', { code: error.code });
      })
      .catch((error: unknown) => {
        this.failEncryption(
          new CryptoStoreError(
            'crypto_store_unreadable',
            `End-to-end encryption could not start for ${this.record.userId} (${String(error).slice(0, 200)}).`,
            { cause: error },
          ),
        );
        this.platform.log.error('encryption could not start', { error: String(error) });
      })
      .then(() => {
        if (!this.stopped) this.sync.start(this.client);
      });
  }

  /** Stop all background work; the session stays valid on the server. */
  stop(): void {
    this.stopped = true;
    this.sync.stop();
    this.reconnector.stop();
    this.refresher?.stop();
    this.client.http.abort();
    // Queued after a start still under way (CryptoSession takes turns); the store stays.
    void this.crypto?.stop();
  }

  /** Settles once the encryption store is closed (after stop or logout), for a clean quit. */
  async whenStopped(): Promise<void> {
    await this.crypto?.stop();
  }

  /** The device is gone (sign-out, hard logout): its encryption store and key go too. */
  async forgetDevice(): Promise<void> {
    await this.crypto?.deleteStore();
  }

  /**
   * Ends the session on the server, then stops: POST /logout on the homeserver for a legacy
   * session; for an OAuth 2.0 session, revocation of both tokens at the authorization server
   * (the SDK's logout; OAuth has no /logout). Rejects when the server could not be told
   * (unreachable, or no answer within the timeout); the session is stopped either way.
   * A 401 from /logout counts as told: the server had already ended this session.
   */
  async logout(): Promise<void> {
    this.ended = true;
    this.stopped = true;
    this.sync.stop();
    this.reconnector.stop();
    this.refresher?.stop();
    const abort = new AbortController();
    const clock = this.platform.clock;
    const timer = clock.setTimeout(
      () => abort.abort(new DOMException('No answer to /logout in time', 'TimeoutError')),
      this.options.logoutTimeoutMs ?? LOGOUT_TIMEOUT_MS,
    );
    try {
      if (this.record.auth.kind === 'oauth') {
        await withPlatformFetch(abortableFetch(this.platform.fetch, abort.signal), () =>
          this.client.logout(),
        );
        return;
      }
      await this.client.http.authedRequest(Method.Post, '/logout', undefined, undefined, {
        abortSignal: abort.signal,
        inhibitLogoutEmit: true,
      });
    } catch (error) {
      if (!(error instanceof MatrixError && error.httpStatus === 401)) throw error;
    } finally {
      clock.clearTimeout(timer);
      this.client.http.abort();
    }
  }

  /**
   * POST /refresh, without the access token (the spec requires none, and an expired one only
   * invites the fetch wrapper to refresh around its own refresh).
   */
  private async requestRefresh(refreshToken: string): Promise<RefreshAnswer> {
    const send = (prefix: ClientPrefix) =>
      this.client.http.request<RefreshAnswer>(
        Method.Post,
        '/refresh',
        undefined,
        { refresh_token: refreshToken },
        { prefix },
      );
    try {
      return await send(this.refreshPrefix);
    } catch (error) {
      if (
        this.refreshPrefix === ClientPrefix.V3 &&
        error instanceof MatrixError &&
        error.errcode === 'M_UNRECOGNIZED'
      ) {
        this.refreshPrefix = ClientPrefix.V1;
        return await send(ClientPrefix.V1);
      }
      throw error;
    }
  }

  private end(soft: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    this.onLoggedOut(soft);
  }
}
