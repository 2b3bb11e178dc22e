import type { Clock } from '../platform.js';
import type { SessionSecrets } from './SessionVault.js';

/**
 * Refreshes the access token with the refresh token (spec: POST /refresh), before it expires and
 * when the server answers M_UNKNOWN_TOKEN. Concurrent callers share one refresh: a refresh token
 * is single-use, so two parallel refreshes would log the session out.
 *
 * Ours rather than the SDK's: matrix-js-sdk 43 refreshes only OAuth 2.0 sessions by itself
 * (TokenManager needs an oauth2ClientConfig); for password/SSO logins it only offers the raw
 * `refreshToken()` request, which this class calls.
 */
export interface RefreshAnswer {
  access_token: string;
  refresh_token?: string | undefined;
  expires_in_ms?: number | undefined;
}

export class RefreshRejectedError extends Error {
  constructor(cause: unknown) {
    super('The homeserver rejected the refresh token', { cause });
    this.name = 'RefreshRejectedError';
  }
}

/** Refresh this long before expiry, so requests in flight do not race the deadline. */
export const REFRESH_MARGIN_MS = 60_000;

export class TokenRefresher {
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;

  constructor(
    private secrets: SessionSecrets,
    private readonly options: {
      clock: Clock;
      request: (refreshToken: string) => Promise<RefreshAnswer>;
      /** Persist new tokens; called before any request uses them. */
      onRefreshed: (secrets: SessionSecrets) => void;
      /** A refresh failed in a way that cannot be retried (token rejected). */
      onRejected: (error: RefreshRejectedError) => void;
      isRejection: (error: unknown) => boolean;
    },
  ) {
    this.schedule();
  }

  get accessToken(): string {
    return this.secrets.accessToken;
  }

  get canRefresh(): boolean {
    return this.secrets.refreshToken !== null;
  }

  expiresSoon(): boolean {
    const { expiresAt } = this.secrets;
    return expiresAt !== null && expiresAt - this.options.clock.now() <= REFRESH_MARGIN_MS;
  }

  /** Starts a refresh, or joins the one in flight. */
  refresh(): Promise<void> {
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.secrets.refreshToken;
    if (refreshToken === null) throw new RefreshRejectedError('no refresh token');
    let answer: RefreshAnswer;
    try {
      answer = await this.options.request(refreshToken);
    } catch (error) {
      if (this.options.isRejection(error)) {
        const rejected = new RefreshRejectedError(error);
        this.options.onRejected(rejected);
        throw rejected;
      }
      throw error; // transient: the next request or the timer tries again
    }
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      throw new Error('The homeserver sent a refresh answer without an access token');
    }
    const expiresIn = answer.expires_in_ms;
    this.secrets = {
      accessToken: answer.access_token,
      // The spec lets the server keep the old refresh token by omitting a new one.
      refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : refreshToken,
      expiresAt:
        typeof expiresIn === 'number' && expiresIn > 0
          ? this.options.clock.now() + expiresIn
          : null,
    };
    this.options.onRefreshed(this.secrets);
    this.schedule();
  }

  private schedule(): void {
    this.stop();
    const { expiresAt } = this.secrets;
    if (expiresAt === null || this.secrets.refreshToken === null) return;
    const delay = Math.max(0, expiresAt - this.options.clock.now() - REFRESH_MARGIN_MS);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.refresh().catch(() => {
        // A transient failure: retry in a while rather than hammering the server.
        this.timer = this.options.clock.setTimeout(
          () => void this.refresh().catch(() => {}),
          15_000,
        );
      });
    }, delay);
  }
}
