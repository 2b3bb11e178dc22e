import type { Clock } from '../platform.js';
import type { SessionSecrets } from './SessionVault.js';

/**
 * Refreshes the access token with the refresh token (spec: POST /refresh), before it expires and
 * when the server answers M_UNKNOWN_TOKEN. Concurrent callers share one refresh: a refresh token
 * is single-use, so two parallel refreshes would log the session out.
 *
 * Ours rather than the SDK's: matrix-js-sdk 43 refreshes only OAuth 2.0 sessions by itself
 * (TokenManager needs an oauth2ClientConfig); for password/SSO logins it only offers the raw
 * `refreshToken()` request, which the session's `request` replaces (see MatrixSession).
 */
export interface RefreshAnswer {
  access_token: string;
  refresh_token?: string | undefined;
  expires_in_ms?: number | undefined;
}

/**
 * The server refused the refresh token: the session cannot go on. `soft` is what the refusal
 * said (`soft_logout: true`: the device is kept, sign in again to resume); anything else, as a
 * Synapse refusal that carries no soft_logout, means the device is gone.
 */
export class RefreshRejectedError extends Error {
  constructor(
    cause: unknown,
    readonly soft: boolean,
  ) {
    super('The homeserver rejected the refresh token', { cause });
    this.name = 'RefreshRejectedError';
  }
}

/** At most this long before expiry; shorter lifetimes get a proportional margin. */
export const MAX_REFRESH_MARGIN_MS = 60_000;

/**
 * How long before expiry to refresh a token that lives `lifetimeMs`: a minute, or a quarter of
 * the lifetime when that is shorter. A fixed minute turned a 30 s lifetime into a refresh storm
 * (every new token was "due" at once); a quarter keeps requests in flight clear of the deadline
 * and means a new token is never refreshed before three quarters of its life, so no setting of
 * the server can make the app refresh more often than once per half-lifetime.
 */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.max(0, lifetimeMs) / 4);
}

/** After a transient failure (server unreachable), the timer tries again this much later. */
export const REFRESH_RETRY_MS = 15_000;

export class TokenRefresher {
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private refused: RefreshRejectedError | null = null;
  /** The lifetime the server gave the current token; what the margin scales with. */
  private lifetimeMs: number | null;

  constructor(
    private secrets: SessionSecrets,
    private readonly options: {
      clock: Clock;
      request: (refreshToken: string) => Promise<RefreshAnswer>;
      /** Persist new tokens; called before any request uses them. */
      onRefreshed: (secrets: SessionSecrets) => void;
      /** A refresh failed in a way that cannot be retried (token rejected). */
      onRejected: (error: RefreshRejectedError) => void;
      /** Whether `error` is the server refusing the refresh token, and if so, soft or not. */
      rejection: (error: unknown) => { soft: boolean } | null;
    },
  ) {
    // A restored token's full lifetime is unknown: what is left of it is the safe estimate
    // (a smaller margin, never a refresh sooner than the server intended).
    this.lifetimeMs =
      secrets.expiresAt === null ? null : Math.max(0, secrets.expiresAt - options.clock.now());
    this.schedule();
  }

  get accessToken(): string {
    return this.secrets.accessToken;
  }

  /** Set once the server has refused the refresh token: the session is over, as it said. */
  get refusal(): RefreshRejectedError | null {
    return this.refused;
  }

  get canRefresh(): boolean {
    return this.secrets.refreshToken !== null;
  }

  /** Whether the token is within its refresh margin (a request should refresh first). */
  expiresSoon(): boolean {
    const due = this.dueAt();
    return due !== null && due <= this.options.clock.now();
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

  private dueAt(): number | null {
    const { expiresAt } = this.secrets;
    if (expiresAt === null || this.lifetimeMs === null || this.secrets.refreshToken === null) {
      return null;
    }
    return expiresAt - refreshMarginMs(this.lifetimeMs);
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.secrets.refreshToken;
    if (refreshToken === null) throw new RefreshRejectedError('no refresh token', false);
    let answer: RefreshAnswer;
    try {
      answer = await this.options.request(refreshToken);
    } catch (error) {
      const refused = this.options.rejection(error);
      if (refused) {
        const rejected = new RefreshRejectedError(error, refused.soft);
        // Refused once is refused for good: no request still in flight may try it again, and
        // they all report the refusal's verdict.
        this.secrets = { ...this.secrets, refreshToken: null };
        this.refused = rejected;
        this.stop();
        this.options.onRejected(rejected);
        throw rejected;
      }
      throw error; // transient: the next request or the timer tries again
    }
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      throw new Error('The homeserver sent a refresh answer without an access token');
    }
    const expiresIn = answer.expires_in_ms;
    const expires = typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0;
    this.secrets = {
      accessToken: answer.access_token,
      // The spec lets the server keep the old refresh token by omitting a new one.
      refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : refreshToken,
      expiresAt: expires ? this.options.clock.now() + expiresIn : null,
    };
    this.lifetimeMs = expires ? expiresIn : null;
    this.options.onRefreshed(this.secrets);
    this.schedule();
  }

  private schedule(): void {
    this.stop();
    const due = this.dueAt();
    if (due === null) return;
    this.timer = this.options.clock.setTimeout(
      () => {
        this.timer = null;
        this.refresh().catch((error: unknown) => {
          if (error instanceof RefreshRejectedError) return; // the session is over
          // A transient failure: retry in a while rather than hammering the server.
          this.timer = this.options.clock.setTimeout(() => {
            this.timer = null;
            void this.refresh().catch(() => {});
          }, REFRESH_RETRY_MS);
        });
      },
      Math.max(0, due - this.options.clock.now()),
    );
  }
}
