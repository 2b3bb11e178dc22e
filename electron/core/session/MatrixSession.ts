import { createClient, MatrixError, type MatrixClient } from 'matrix-js-sdk';
import { Reconnector } from '../net/Reconnector.js';
import { createSdkLogger } from '../net/sdkLogger.js';
import type { Platform } from '../platform.js';
import { AccountDataSync } from './AccountDataSync.js';
import { createAuthenticatedFetch } from './authenticatedFetch.js';
import type { SessionRecord, SessionSecrets, SessionVault } from './SessionVault.js';
import { TokenRefresher } from './TokenRefresher.js';

/**
 * A signed-in session: a matrix-js-sdk client bound to the session's homeserver (the redirect
 * target when routed) whose every request refreshes tokens by itself, plus the account-data
 * sync loop. Reports once when the server ends the session.
 */
export class MatrixSession {
  readonly client: MatrixClient;
  /** The session's one reconnect loop: its status is what the window's indicator shows. */
  readonly reconnector: Reconnector;
  private readonly refresher: TokenRefresher;
  private readonly sync: AccountDataSync;
  private ended = false;

  constructor(
    platform: Platform,
    readonly record: SessionRecord,
    secrets: SessionSecrets,
    vault: SessionVault,
    private readonly onLoggedOut: (soft: boolean) => void,
  ) {
    this.refresher = new TokenRefresher(secrets, {
      clock: platform.clock,
      request: (refreshToken) => this.client.refreshToken(refreshToken),
      onRefreshed: (fresh) => {
        vault.saveSecrets(fresh);
        this.client.setAccessToken(fresh.accessToken);
      },
      // A refused refresh token keeps the device on the server: sign in again to resume.
      onRejected: () => this.end(true),
      isRejection: (error) =>
        error instanceof MatrixError && (error.httpStatus === 401 || error.httpStatus === 403),
    });
    this.client = createClient({
      baseUrl: record.homeserverUrl,
      userId: record.userId,
      deviceId: record.deviceId,
      accessToken: secrets.accessToken,
      logger: createSdkLogger(platform.log, 'session'),
      fetchFn: createAuthenticatedFetch({
        baseFetch: platform.fetch,
        homeserverUrl: record.homeserverUrl,
        refresher: this.refresher,
        onLoggedOut: (soft) => this.end(soft),
      }),
    });
    this.reconnector = new Reconnector({
      clock: platform.clock,
      server: record.homeserverUrl,
      log: platform.log,
    });
    this.sync = new AccountDataSync(this.client, this.reconnector, platform.clock, platform.log);
  }

  start(): void {
    this.reconnector.start();
    this.sync.start();
  }

  /** Stop all background work; the session stays valid on the server. */
  stop(): void {
    this.sync.stop();
    this.reconnector.stop();
    this.refresher.stop();
    this.client.http.abort();
  }

  /** POST /logout on the session's homeserver, then stop. */
  async logout(): Promise<void> {
    this.ended = true;
    this.sync.stop();
    this.reconnector.stop();
    this.refresher.stop();
    try {
      await this.client.logout();
    } finally {
      this.client.http.abort();
    }
  }

  private end(soft: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.stop();
    this.onLoggedOut(soft);
  }
}
