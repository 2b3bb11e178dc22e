import { ClientEvent, MatrixEvent, Method, type MatrixClient } from 'matrix-js-sdk';
import { cancellableSleep, ExponentialRetryDelay } from '../net/ExponentialRetryDelay.js';
import { isPlainObject } from '../net/readLimitedJson.js';
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
 */
export const SYNC_FILTER = JSON.stringify({
  room: { rooms: [] },
  presence: { types: [] },
  account_data: { limit: 100 },
});

const LONG_POLL_MS = 30_000;

export class AccountDataSync {
  private since: string | null = null;
  private running = false;
  private abort: AbortController | null = null;
  private sleeper: { cancel(): void } | null = null;
  private readonly delay = new ExponentialRetryDelay({ initialMs: 1_000, maxMs: 60_000 });

  constructor(
    private readonly client: MatrixClient,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.abort?.abort();
    this.sleeper?.cancel();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.abort = new AbortController();
      try {
        const body = await this.client.http.authedRequest<unknown>(
          Method.Get,
          '/sync',
          {
            filter: SYNC_FILTER,
            timeout: String(this.since === null ? 0 : LONG_POLL_MS),
            ...(this.since === null ? {} : { since: this.since }),
          },
          undefined,
          { localTimeoutMs: LONG_POLL_MS + 15_000, abortSignal: this.abort.signal },
        );
        if (!this.running) return;
        this.apply(body);
        this.delay.reset();
      } catch (error) {
        if (!this.running) return;
        const wait = this.delay.next(retryAfter(error));
        this.log.warn('sync failed; retrying', { inMs: wait, error: String(error) });
        const sleep = cancellableSleep(this.clock, wait);
        this.sleeper = sleep;
        await sleep.done;
      }
    }
  }

  private apply(body: unknown): void {
    const { nextBatch, events } = parseSyncAccountData(body);
    this.since = nextBatch;
    for (const raw of events) {
      const event = new MatrixEvent({ type: raw.type, content: raw.content });
      const previous = this.client.getAccountData(raw.type as never);
      this.client.store.storeAccountDataEvents([event]);
      this.client.emit(ClientEvent.AccountData, event, previous);
    }
  }
}

/**
 * The part of a /sync answer this app uses: the next batch token and the global account-data
 * events whose type is a string and whose content an object. Other events are skipped; an answer
 * without a next_batch is refused, since the loop could not go on from it. Pure, for fuzzing.
 */
export function parseSyncAccountData(body: unknown): {
  nextBatch: string;
  events: { type: string; content: Record<string, unknown> }[];
} {
  if (!isPlainObject(body) || typeof body.next_batch !== 'string') {
    throw new Error('malformed /sync answer');
  }
  const accountData = isPlainObject(body.account_data) ? body.account_data.events : undefined;
  const events = (Array.isArray(accountData) ? accountData : []).filter(
    (e): e is { type: string; content: Record<string, unknown> } =>
      isPlainObject(e) && typeof e.type === 'string' && isPlainObject(e.content),
  );
  return { nextBatch: body.next_batch, events };
}

function retryAfter(error: unknown): number | null {
  const data = (error as { data?: { retry_after_ms?: unknown } })?.data;
  return typeof data?.retry_after_ms === 'number' ? data.retry_after_ms : null;
}
