import { ClientEvent, MatrixEvent, Method, type MatrixClient } from 'matrix-js-sdk';
import { abandonOnAbort, abortAfter } from '../net/abandonable.js';
import { connectionProblem } from '../net/connectionProblem.js';
import { isPlainObject } from '../net/readLimitedJson.js';
import type { Reconnector } from '../net/Reconnector.js';
import type { Clock, Logger } from '../platform.js';

/**
 * The session's /sync loop, reduced to what this app shows: account data. The filter leaves out
 * rooms and presence, so an account in thousands of rooms costs the same as an empty one.
 * Each account-data event is stored on the client and re-emitted as the SDK's own
 * ClientEvent.AccountData, so listeners (the identity server logic) use the SDK's API.
 *
 * Not MatrixClient.startClient(): that sync keeps every room and member in memory and first
 * fetches push rules, capabilities and more — work and memory for a timeline this app does not
 * have (yet). Requests still go through the SDK's HTTP layer.
 *
 * Failures go to the session's Reconnector, which decides when to try again and tells the window.
 * The `since` token only moves once an answer has been applied, so an answer that is lost, cut or
 * malformed is asked for again: no update is lost, none applied twice or out of order.
 */
export const SYNC_FILTER = JSON.stringify({
  room: { rooms: [] },
  presence: { types: [] },
  account_data: { limit: 100 },
});

export const LONG_POLL_MS = 30_000;
/**
 * How long one request may take, body included, on the platform clock. The SDK's own
 * `localTimeoutMs` runs on the global timers and stops at the response headers; this does not.
 */
export const SYNC_DEADLINE_MS = LONG_POLL_MS + 15_000;

/** Why an attempt was abandoned after a sleep: not a failure, just start again. */
class AbandonedAfterSleep extends Error {
  override readonly name = 'AbandonedAfterSleep';
}

export class AccountDataSync {
  private since: string | null = null;
  private stopController: AbortController | null = null;
  private attempt: AbortController | null = null;
  private offWake: (() => void) | null = null;

  constructor(
    private readonly client: MatrixClient,
    private readonly reconnector: Reconnector,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The `next_batch` of the last applied answer; null before the first. */
  get syncToken(): string | null {
    return this.since;
  }

  start(): void {
    if (this.stopController) return;
    const stop = new AbortController();
    this.stopController = stop;
    this.offWake = this.reconnector.onWake(() =>
      this.attempt?.abort(new AbandonedAfterSleep('abandoned after a sleep')),
    );
    void this.loop(stop.signal);
  }

  stop(): void {
    this.stopController?.abort();
    this.stopController = null;
    this.attempt?.abort(new Error('sync stopped'));
    this.offWake?.();
    this.offWake = null;
  }

  private async loop(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      const attempt = new AbortController();
      this.attempt = attempt;
      const cancelDeadline = abortAfter(this.clock, SYNC_DEADLINE_MS, attempt);
      try {
        const body = await abandonOnAbort(this.request(attempt.signal), attempt.signal);
        if (stop.aborted) return;
        this.apply(body);
        this.reconnector.succeeded();
      } catch (error) {
        if (stop.aborted) return;
        if (error instanceof AbandonedAfterSleep) continue;
        this.log.warn('sync failed; retrying', {
          problem: connectionProblem(error),
          error: String(error).slice(0, 500),
        });
        if (!(await this.reconnector.waitAfterFailure(error, stop))) return;
      } finally {
        cancelDeadline();
        if (this.attempt === attempt) this.attempt = null;
      }
    }
  }

  private request(signal: AbortSignal): Promise<unknown> {
    // No long-poll for the first sync, nor while reconnecting: an answer at once is what says
    // the connection is back (the SDK's "catch-up" sync does the same).
    const catchUp = this.since === null || this.reconnector.status.state !== 'connected';
    return this.client.http.authedRequest<unknown>(
      Method.Get,
      '/sync',
      {
        filter: SYNC_FILTER,
        timeout: String(catchUp ? 0 : LONG_POLL_MS),
        ...(this.since === null ? {} : { since: this.since }),
      },
      undefined,
      { localTimeoutMs: SYNC_DEADLINE_MS, abortSignal: signal },
    );
  }

  /** Checks the whole answer first, applies it, and only then moves `since`. */
  private apply(body: unknown): void {
    const { nextBatch, events } = parseSyncAccountData(body);
    for (const raw of events) {
      const event = new MatrixEvent({ type: raw.type, content: raw.content });
      const previous = this.client.getAccountData(raw.type as never);
      this.client.store.storeAccountDataEvents([event]);
      try {
        this.client.emit(ClientEvent.AccountData, event, previous);
      } catch (error) {
        // A listener's bug must not make the loop ask for (and apply) this answer again.
        this.log.error('an account-data listener failed', { type: raw.type, error: String(error) });
      }
    }
    this.since = nextBatch;
  }
}

/**
 * The part of a /sync answer this app uses: the next batch token and the global account-data
 * events whose type is a string and whose content an object. Other events are skipped; an answer
 * without a (non-empty) next_batch is refused, since the loop could not go on from it. Pure, for
 * fuzzing.
 */
export function parseSyncAccountData(body: unknown): {
  nextBatch: string;
  events: { type: string; content: Record<string, unknown> }[];
} {
  if (!isPlainObject(body) || typeof body.next_batch !== 'string' || body.next_batch === '') {
    throw new SyntaxError('malformed /sync answer');
  }
  const accountData = isPlainObject(body.account_data) ? body.account_data.events : undefined;
  const events = (Array.isArray(accountData) ? accountData : []).filter(
    (e): e is { type: string; content: Record<string, unknown> } =>
      isPlainObject(e) && typeof e.type === 'string' && isPlainObject(e.content),
  );
  return { nextBatch: body.next_batch, events };
}
