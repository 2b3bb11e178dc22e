import { MatrixError } from 'matrix-js-sdk';
import { abandonOnAbort, abortAfter } from '../net/abandonable.js';
import { connectionProblem } from '../net/connectionProblem.js';
import { isPlainObject } from '../net/readLimitedJson.js';
import type { Reconnector } from '../net/Reconnector.js';
import type { Clock, Logger } from '../platform.js';

/**
 * The session's /sync requests, as matrix-js-sdk's own sync loop sends them, made to keep the
 * reconnect behaviour of this app: one fetch wrapper sits under the SDK and, for /sync (and the
 * two requests the sync makes before its first /sync), retries a failed attempt itself on the session's Reconnector (backoff with jitter, the
 * server's Retry-After, "Retry now", waking from sleep), gives each attempt a deadline on the
 * platform clock (body included), and hands the SDK only complete, well-formed answers.
 *
 * Why not the SDK's own retries: after a failed /sync it polls /versions on global timers at
 * fixed random delays (2-7 s, then 5-10 s), ignores retry_after_ms for /sync, knows nothing of
 * sleep, and its timeout stops at the response headers, so a stalled body hangs it. None of that
 * can share one backoff and one status with the session's other long-lived read (the
 * m.identity_server follower). So the SDK never sees a transient /sync failure: its sync state
 * stays Syncing, and the window's connection indicator keeps coming from the Reconnector.
 * A 401/403 passes straight through (the token refresh and logout logic below decides).
 */
export const LONG_POLL_MS = 30_000;
/**
 * How long one attempt may take, body included, on the platform clock. The SDK's own
 * `localTimeoutMs` runs on the global timers and stops at the response headers; this does not.
 */
export const SYNC_DEADLINE_MS = LONG_POLL_MS + 15_000;

const SYNC_PATH = /\/_matrix\/client\/(?:v3|r0)\/sync$/;
/**
 * What the SDK's sync asks before its first /sync (push rules, the filter upload): a transient
 * failure there would otherwise leave it on its own keep-alive timers, unseen by the indicator.
 * Both are safe to repeat.
 */
const STARTUP = [
  { method: 'GET', path: /\/_matrix\/client\/(?:v3|r0)\/pushrules\/$/ },
  { method: 'POST', path: /\/_matrix\/client\/(?:v3|r0)\/user\/[^/]+\/filter$/ },
];

/** Why an attempt was abandoned after a sleep: not a failure, just start again. */
class AbandonedAfterSleep extends Error {
  override readonly name = 'AbandonedAfterSleep';
}

export interface SyncRequestRetrierOptions {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  reconnector: Reconnector;
  log: Logger;
}

export class SyncRequestRetrier {
  private readonly stopController = new AbortController();
  private readonly attempts = new Set<AbortController>();
  private readonly offWake: () => void;

  constructor(private readonly options: SyncRequestRetrierOptions) {
    this.offWake = options.reconnector.onWake(() => {
      for (const attempt of this.attempts) {
        attempt.abort(new AbandonedAfterSleep('abandoned after a sleep'));
      }
    });
  }

  /** The fetch to give the SDK: /sync with retries, everything else untouched. */
  readonly fetch: typeof globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const path = new URL(url).pathname;
    if (method === 'GET' && SYNC_PATH.test(path)) return this.sync(url, init ?? {}, true);
    if (STARTUP.some((r) => r.method === method && r.path.test(path))) {
      return this.sync(url, init ?? {}, false);
    }
    return this.options.fetch(input, init);
  };

  /** Ends every wait and attempt; the SDK's pending /sync rejects. For good. */
  stop(): void {
    this.stopController.abort(new Error('sync stopped'));
    for (const attempt of this.attempts) attempt.abort(new Error('sync stopped'));
    this.offWake();
  }

  private async sync(url: string, init: RequestInit, isSync: boolean): Promise<Response> {
    const { clock, reconnector, log } = this.options;
    const stop = this.stopController.signal;
    for (;;) {
      if (stop.aborted) throw stop.reason as Error;
      const attempt = new AbortController();
      this.attempts.add(attempt);
      const cancelDeadline = abortAfter(clock, SYNC_DEADLINE_MS, attempt);
      try {
        const response = await this.attempt(url, init, attempt.signal, isSync);
        if (stop.aborted) throw stop.reason as Error;
        if (response.status !== 401 && response.status !== 403) reconnector.succeeded();
        return response;
      } catch (error) {
        if (stop.aborted) throw stop.reason as Error;
        if (error instanceof AbandonedAfterSleep) continue;
        log.warn(isSync ? 'sync failed; retrying' : 'sync start-up request failed; retrying', {
          problem: connectionProblem(error),
          error: String(error).slice(0, 500),
        });
        if (!(await reconnector.waitAfterFailure(error, stop))) throw error;
      } finally {
        cancelDeadline();
        this.attempts.delete(attempt);
      }
    }
  }

  /** One attempt: a complete, well-formed 200 answer, a 401/403 as it is, or a throw. */
  private async attempt(
    url: string,
    init: RequestInit,
    signal: AbortSignal,
    isSync: boolean,
  ): Promise<Response> {
    // No long-poll while reconnecting: an answer at once is what says the connection is back
    // (the SDK does the same on its own retries, which this replaces).
    const target = new URL(url);
    if (isSync && this.options.reconnector.status.state !== 'connected') {
      target.searchParams.set('timeout', '0');
    }
    // The SDK's signal is left out on purpose: its local timeout (global timers) would cut a
    // retry short; stop() ends attempts instead.
    const response = await abandonOnAbort(
      this.options.fetch(target.href, { ...init, signal }),
      signal,
    );
    if (response.status === 401 || response.status === 403) return response;
    const text = await abandonOnAbort(response.text(), signal);
    if (!response.ok) throw errorFor(response, text, target.href);
    return new ParsedSyncResponse(isSync ? checkSyncBody(text) : checkObjectBody(text), text);
  }
}

/**
 * An answer already parsed: the SDK reads it with json(), and parsing a first sync of thousands
 * of rooms twice would double its peak memory. text() still gives the original.
 */
class ParsedSyncResponse extends Response {
  constructor(
    private readonly parsed: Record<string, unknown>,
    text: string,
  ) {
    super(text, { status: 200, headers: { 'content-type': 'application/json' } });
  }

  override json(): Promise<Record<string, unknown>> {
    return Promise.resolve(this.parsed);
  }
}

function errorFor(response: Response, text: string, url: string): MatrixError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPlainObject(parsed)) body = parsed;
  } catch {
    // An HTML error page from a proxy, say: the status is what counts.
  }
  return new MatrixError(body, response.status, url, undefined, response.headers);
}

/**
 * The parsed answer, or a refusal of one the SDK could not go on from: not JSON, not an object,
 * or without a (non-empty) next_batch. Such an answer is asked for again, like a lost one. Pure,
 * for fuzzing.
 */
export function checkSyncBody(text: string): Record<string, unknown> {
  const body: unknown = JSON.parse(text);
  if (!isPlainObject(body) || typeof body.next_batch !== 'string' || body.next_batch === '') {
    throw new SyntaxError('malformed /sync answer');
  }
  return body;
}

/** A start-up answer: a JSON object, else asked for again. */
function checkObjectBody(text: string): Record<string, unknown> {
  const body: unknown = JSON.parse(text);
  if (!isPlainObject(body)) throw new SyntaxError('malformed answer');
  return body;
}
