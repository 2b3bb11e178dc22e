/**
 * Knowing the m.identity_server account data for this login, which is what opens the gate for
 * every identity-server request (MSC2230: no IS request until the account data is known).
 *
 * - It is read directly (GET /user/{id}/account_data/m.identity_server) as soon as start() runs,
 *   in parallel with the session's start-up, not after the initial sync.
 * - The SDK answers null only for 404 M_NOT_FOUND: that is "confirmed absent". Anything else that
 *   fails (network, 5xx, 429, even a 404 without M_NOT_FOUND from some proxy) is retried for as
 *   long as it takes, on the session's Reconnector (the same backoff and connection status as
 *   /sync): treating a failure as "absent" would let a default server in when the account may
 *   say "no identity server".
 * - ClientEvent.AccountData from the session's /sync then reports live changes. An event that
 *   arrives before the direct read answers is just as good an answer, and newer, so it wins.
 */
import { ClientEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { Reconnector } from '../net/Reconnector.js';
import type { Logger } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { httpStatusOf } from './identityErrors.js';
import type { AccountDataStatus } from './resolveIdentityServer.js';

export const IDENTITY_SERVER_EVENT = 'm.identity_server';

export interface AccountDataUpdate {
  status: AccountDataStatus;
  /** False for the first answer (pending → known), true for a change seen afterwards. */
  live: boolean;
}

export interface FollowerOptions {
  client: MatrixClient;
  log: Logger;
  /** `previous`: what was known just before this answer (our own writes included). */
  onUpdate(update: AccountDataUpdate, previous: AccountDataStatus): void;
  /** Decides when a failed read is tried again (shared with the session's /sync). */
  reconnector: Reconnector;
}

export class IdentityAccountDataFollower {
  private current: AccountDataStatus = { kind: 'pending' };
  private stopped = false;
  /** Aborted by stop() or by the first answer: ends a wait for the next read. */
  private readonly reading = new AbortController();
  private resolveKnown: () => void = () => {};
  private rejectKnown: (error: Error) => void = () => {};
  /** Settles once m.identity_server is known (or rejects when stopped before that). */
  readonly known: Promise<void>;

  constructor(private readonly options: FollowerOptions) {
    this.known = new Promise<void>((resolve, reject) => {
      this.resolveKnown = resolve;
      this.rejectKnown = reject;
    });
    // Nobody may be waiting when stop() rejects it; that is not an unhandled failure.
    this.known.catch(() => {});
  }

  get status(): AccountDataStatus {
    return this.current;
  }

  get isKnown(): boolean {
    return this.current.kind !== 'pending';
  }

  /**
   * Subscribes to live changes and starts reading in the background. Returns at once: it waits
   * for no answer (see `known`), so it never holds up the session's start-up or its sync.
   */
  start(): void {
    this.options.client.on(ClientEvent.AccountData, this.onAccountData);
    void this.readUntilKnown();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.client.off(ClientEvent.AccountData, this.onAccountData);
    this.reading.abort();
    if (!this.isKnown) {
      this.rejectKnown(
        new UserFacingError(
          'IDENTITY_STOPPED',
          'The identity server setting could not be read before the session ended.',
        ),
      );
    }
  }

  private readonly onAccountData = (event: MatrixEvent): void => {
    if (this.stopped || event.getType() !== IDENTITY_SERVER_EVENT) return;
    this.apply({ kind: 'present', content: event.getContent() });
  };

  private async readUntilKnown(): Promise<void> {
    const { client, log, reconnector } = this.options;
    let failures = 0;
    while (!this.stopped && !this.isKnown) {
      try {
        const content: unknown = await client.getAccountDataFromServer(IDENTITY_SERVER_EVENT);
        // A sync event may have answered meanwhile; it is at least as new as this read.
        if (!this.stopped && !this.isKnown) {
          this.apply(content === null ? { kind: 'absent' } : { kind: 'present', content });
        }
        if (!this.stopped) reconnector.succeeded();
        break;
      } catch (error) {
        if (this.stopped || this.isKnown) break;
        failures += 1;
        log.warn('Could not read m.identity_server yet; identity server stays off', {
          httpStatus: httpStatusOf(error) ?? null,
          attempt: failures,
        });
        if (!(await reconnector.waitAfterFailure(error, this.reading.signal))) break;
      }
    }
  }

  /**
   * Our own write of m.identity_server applies at once, without waiting for its /sync echo: this
   * follower is the one place that says what the account data is. No update is reported.
   */
  recordOwnWrite(content: { base_url: string | null }): void {
    if (this.isKnown) this.current = { kind: 'present', content };
  }

  private apply(status: AccountDataStatus): void {
    const live = this.isKnown;
    const previous = this.current;
    this.current = status;
    if (!live) {
      this.reading.abort();
      this.resolveKnown();
    }
    this.options.onUpdate({ status, live }, previous);
  }
}
