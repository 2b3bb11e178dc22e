/**
 * Knowing the m.identity_server account data for this login, which is what opens the gate for
 * every identity-server request (MSC2230: no IS request until the account data is known).
 *
 * - It is read directly (GET /user/{id}/account_data/m.identity_server) as soon as start() runs,
 *   in parallel with the session's start-up, not after the initial sync.
 * - The SDK answers null only for 404 M_NOT_FOUND: that is "confirmed absent". Anything else that
 *   fails (network, 5xx, 429, even a 404 without M_NOT_FOUND from some proxy) is retried with
 *   backoff for as long as it takes: treating a failure as "absent" would let a default server
 *   in when the account may say "no identity server".
 * - ClientEvent.AccountData from the session's /sync then reports live changes. An event that
 *   arrives before the direct read answers is just as good an answer, and newer, so it wins.
 */
import { ClientEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import type { Clock, Logger } from '../platform.js';
import { UserFacingError } from '../UserFacingError.js';
import { cancellableSleep, ExponentialRetryDelay } from '../net/ExponentialRetryDelay.js';
import { httpStatusOf, retryAfterMsOf } from './identityErrors.js';
import type { AccountDataStatus } from './resolveIdentityServer.js';

export const IDENTITY_SERVER_EVENT = 'm.identity_server';

export interface AccountDataUpdate {
  status: AccountDataStatus;
  /** False for the first answer (pending → known), true for a change seen afterwards. */
  live: boolean;
}

export interface FollowerOptions {
  client: MatrixClient;
  clock: Clock;
  log: Logger;
  onUpdate(update: AccountDataUpdate): void;
  retry?: ExponentialRetryDelay;
}

export class IdentityAccountDataFollower {
  private current: AccountDataStatus = { kind: 'pending' };
  private stopped = false;
  private sleeping: { cancel(): void } | null = null;
  private readonly retry: ExponentialRetryDelay;
  private resolveKnown: () => void = () => {};
  private rejectKnown: (error: Error) => void = () => {};
  /** Settles once m.identity_server is known (or rejects when stopped before that). */
  readonly known: Promise<void>;

  constructor(private readonly options: FollowerOptions) {
    this.retry = options.retry ?? new ExponentialRetryDelay({ initialMs: 1_000, maxMs: 60_000 });
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
    this.sleeping?.cancel();
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
    while (!this.stopped && !this.isKnown) {
      try {
        const content: unknown =
          await this.options.client.getAccountDataFromServer(IDENTITY_SERVER_EVENT);
        // A sync event may have answered meanwhile; it is at least as new as this read.
        if (!this.stopped && !this.isKnown) {
          this.apply(content === null ? { kind: 'absent' } : { kind: 'present', content });
        }
        this.retry.reset();
        break;
      } catch (error) {
        if (this.stopped || this.isKnown) break;
        const waitMs = this.retry.next(retryAfterMsOf(error));
        this.options.log.warn('Could not read m.identity_server yet; identity server stays off', {
          httpStatus: httpStatusOf(error) ?? null,
          attempt: this.retry.failures,
          retryInMs: waitMs,
        });
        const sleep = cancellableSleep(this.options.clock, waitMs);
        this.sleeping = sleep;
        await sleep.done;
        this.sleeping = null;
      }
    }
  }

  private apply(status: AccountDataStatus): void {
    const live = this.isKnown;
    this.current = status;
    if (!live) {
      this.sleeping?.cancel();
      this.resolveKnown();
    }
    this.options.onUpdate({ status, live });
  }
}
